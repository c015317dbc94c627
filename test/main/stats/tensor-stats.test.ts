import { describe, expect, it } from 'vitest'
import { fixedHistogram } from '../../../main/stats/histogram'
import { tensorStats } from '../../../main/stats/tensor-stats'
import { draws, normal } from './seeded-random'

describe('tensorStats', () => {
  it('matches a hand-computed summary of 1, 2, 3, 4', () => {
    const s = tensorStats(Float32Array.of(4, 1, 3, 2), 4, 4)
    // mean 10/4; deviations ±1.5, ±0.5 → variance (2.25·2 + 0.25·2)/4; E[x²] = 30/4
    expect(s.mean).toBe(2.5)
    expect(s.variance).toBe(1.25)
    expect(s.meanSquare).toBe(7.5)
    expect([s.min, s.max, s.count, s.nonFinite]).toEqual([1, 4, 4, 0])
    // bins of width 2 over [-4, 4): 1 in [0,2), 2 and 3 in [2,4), 4 overflows
    expect(s.histogram.counts).toEqual([0, 0, 1, 2])
    expect(s.histogram.overflow).toBe(1)
  })

  it('gives a shifted array the same variance (no cancellation when the mean is large)', () => {
    // k/8 for k = 0..999 and the same plus 2^20 are both exact in float32.
    const n = 1000
    const base = new Float32Array(n).map((_, k) => k / 8)
    const shifted = base.map((v) => v + 2 ** 20)
    const expected = (n * n - 1) / 12 / 64 // variance of 0..n-1, scaled by (1/8)²
    expect(tensorStats(base, 8, 1).variance).toBeCloseTo(expected, 10)
    expect(tensorStats(shifted, 8, 1).variance).toBeCloseTo(expected, 10)
    expect(tensorStats(shifted, 8, 1).mean).toBeCloseTo(2 ** 20 + (n - 1) / 16, 8)
  })

  it('gives exactly 0 variance for a constant array', () => {
    const s = tensorStats(new Float32Array(9999).fill(0.1), 8, 1)
    expect(s.variance).toBe(0)
    expect(s.mean).toBe(Math.fround(0.1))
  })

  it('counts NaN and ±Infinity as non-finite and keeps them out of every other field', () => {
    const s = tensorStats(Float32Array.of(NaN, 1, Infinity, 3, -Infinity), 2, 5)
    expect([s.count, s.nonFinite]).toEqual([2, 3])
    expect([s.mean, s.variance, s.meanSquare, s.min, s.max]).toEqual([2, 1, 5, 1, 3])
    const h = s.histogram
    expect(h.underflow + h.overflow + h.counts.reduce((a, c) => a + c, 0)).toBe(2)
  })

  it('reports NaN, not 0, for a layer whose every value is non-finite', () => {
    const s = tensorStats(Float32Array.of(NaN, Infinity, NaN), 4, 1)
    expect([s.count, s.nonFinite]).toEqual([0, 3])
    for (const v of [s.mean, s.variance, s.meanSquare, s.min, s.max]) expect(v).toBeNaN()
  })

  it('reports NaN moments and zero counts for an empty tensor', () => {
    const s = tensorStats(new Float32Array(0), 4, 1)
    expect([s.count, s.nonFinite]).toEqual([0, 0])
    expect(s.mean).toBeNaN()
    expect(s.variance).toBeNaN()
    expect(s.histogram.counts).toEqual([0, 0, 0, 0])
  })

  it('bins exactly like fixedHistogram over [-range, range), with or without non-finite values', () => {
    const values = draws(20_000, normal(3)).map((v) => v * 3)
    values.set([-6, 6, 5.999, -6.001, 0], 0)
    expect(tensorStats(values, 41, 6).histogram).toEqual(fixedHistogram(values, 41, -6, 6))
    values[100] = NaN
    expect(tensorStats(values, 41, 6).histogram).toEqual(fixedHistogram(values, 41, -6, 6))
  })

  it('estimates the moments of normal draws: mean ≈ μ, variance ≈ σ², E[x²] = σ² + μ²', () => {
    const draw = normal(11)
    const values = draws(200_000, () => 2 + 0.5 * draw())
    const s = tensorStats(values, 16, 4)
    expect(s.mean).toBeCloseTo(2, 2)
    expect(s.variance).toBeCloseTo(0.25, 2)
    expect(s.meanSquare).toBeCloseTo(s.variance + s.mean * s.mean, 10)
  })

  it('does not change the input array', () => {
    const values = Float32Array.of(3, -2, NaN, 0.5)
    const copy = values.slice()
    tensorStats(values, 4, 1)
    expect(values).toEqual(copy)
  })

  it('rejects a range that is not a positive finite number', () => {
    expect(() => tensorStats(new Float32Array(1), 4, 0)).toThrow(/range/)
    expect(() => tensorStats(new Float32Array(1), 4, NaN)).toThrow(/range/)
  })
})
