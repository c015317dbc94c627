import { describe, expect, it } from 'vitest'
import {
  deriveSeed,
  fillNormal,
  fillUniform,
  makeDataRng,
  makeRng,
  shuffleInPlace
} from '../../../main/random/seeded-random'

const take = (rng: () => number, n: number): number[] => Array.from({ length: n }, rng)

describe('makeRng', () => {
  it('replays the same stream for the same seed and a different one for another seed', () => {
    expect(take(makeRng(7), 5)).toEqual(take(makeRng(7), 5))
    expect(take(makeRng(7), 5)).not.toEqual(take(makeRng(8), 5))
  })

  it('draws uniformly on [0, 1): mean near 1/2, every value inside the interval', () => {
    const values = take(makeRng(1), 20000)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 2)
  })
})

describe('makeDataRng', () => {
  it('gives data draws a stream distinct from the weight stream of the same seed', () => {
    expect(take(makeDataRng(3), 4)).not.toEqual(take(makeRng(3), 4))
    expect(take(makeDataRng(3), 4)).toEqual(take(makeRng(3 ^ 0x9e3779b9), 4))
  })
})

describe('deriveSeed', () => {
  it('gives a non-negative 31-bit seed that changes with every part', () => {
    const seeds = [deriveSeed(1), deriveSeed(1, 0), deriveSeed(1, 1), deriveSeed(1, 1, 0)]
    expect(new Set(seeds).size).toBe(seeds.length)
    for (const s of seeds) expect(s).toBeGreaterThanOrEqual(0)
    for (const s of seeds) expect(s).toBeLessThanOrEqual(0x7fffffff)
  })
})

describe('fillNormal and fillUniform', () => {
  it('fill N(mean, sd²) and U(-limit, limit) with the requested moments', () => {
    const normal = fillNormal(new Float32Array(20001), makeRng(2), 3, 0.5)
    const mean = normal.reduce((s, v) => s + v, 0) / normal.length
    const variance = normal.reduce((s, v) => s + (v - mean) ** 2, 0) / normal.length
    expect(mean).toBeCloseTo(3, 1)
    expect(variance).toBeCloseTo(0.25, 1)
    const uniform = fillUniform(new Float32Array(1000), makeRng(2), 0.1)
    expect(Math.max(...uniform.map(Math.abs))).toBeLessThanOrEqual(0.1)
  })
})

describe('shuffleInPlace', () => {
  it('permutes plain and typed arrays in place, reproducibly per seed', () => {
    const list = shuffleInPlace(['a', 'b', 'c', 'd', 'e', 'f'], makeRng(4))
    expect([...list].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
    const typed = new Int32Array([0, 1, 2, 3, 4, 5, 6, 7])
    expect(shuffleInPlace(typed, makeRng(4))).toBe(typed)
    expect(Array.from(typed).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(
      Array.from(
        shuffleInPlace(
          new Int32Array(8).map((_, i) => i),
          makeRng(4)
        )
      )
    ).toEqual(Array.from(typed))
  })
})
