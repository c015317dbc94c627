/**
 * The keepers that thin a long run's records: what they keep is computed here independently
 * from their definition (powers-of-two strides and spans, per-block minimum and maximum).
 */
import { describe, expect, it } from 'vitest'
import { minMaxKeeper, spacedKeeper } from '../../../main/runs/record-thinning'

/** The smallest power of two `s` with ceil(n / s) <= most. */
function strideFor(n: number, most: number): number {
  let s = 1
  while (Math.ceil(n / s) > most) s *= 2
  return s
}

/** A seeded uniform generator in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('spacedKeeper', () => {
  it('keeps every record of a file under the cap', () => {
    const keeper = spacedKeeper<number>({ maxRecords: 100, maxBytes: 1e6 })
    for (let i = 0; i < 60; i++) keeper.offer(i, i, 10)
    expect(keeper.kept()).toEqual(Array.from({ length: 60 }, (_, i) => i))
  })

  it('keeps the first, every 2^k-th and the newest quarter of the cap of 10,000 records', () => {
    const n = 10_000
    const keeper = spacedKeeper<number>({ maxRecords: 100, maxBytes: 1e9 })
    for (let i = 0; i < n; i++) keeper.offer(i, i, 10)
    const stride = strideFor(n, 75)
    const spaced = Array.from({ length: Math.ceil(n / stride) }, (_, k) => k * stride)
    const newest = Array.from({ length: 25 }, (_, k) => n - 25 + k)
    const expected = [...new Set([...spaced, ...newest])].sort((a, b) => a - b)
    expect(keeper.kept()).toEqual(expected)
    expect(keeper.kept().length).toBeLessThanOrEqual(100)
  })

  it('holds the byte cap when each record is large', () => {
    const keeper = spacedKeeper<number>({ maxRecords: 1000, maxBytes: 10_000 })
    for (let i = 0; i < 500; i++) keeper.offer(i, i, 1000)
    const kept = keeper.kept()
    // 7,500 bytes for the spaced ones (7 records of 1,000) and 2,500 for the newest (2).
    const stride = strideFor(500, 7)
    expect(kept).toEqual(
      [...Array.from({ length: Math.ceil(500 / stride) }, (_, k) => k * stride), 498, 499]
    )
  })
})

describe('minMaxKeeper', () => {
  const offerAll = (losses: number[], maxRecords: number) => {
    const keeper = minMaxKeeper<{ step: number; loss: number }>({ maxRecords, maxBytes: 1e9 })
    losses.forEach((loss, step) => keeper.offer(step, { step, loss }, 50))
    return keeper.kept().map((r) => r.step)
  }
  const rank = (x: number) => (Number.isFinite(x) ? x : Infinity)

  it('keeps the lowest and highest loss of every block of a power-of-two span, and the last step', () => {
    const next = random(7)
    const n = 20_000
    const losses = Array.from({ length: n }, () => next() * 3)
    losses[12_345] = Number.NaN
    const maxRecords = 201
    const span = strideFor(n, (maxRecords - 1) / 2)
    const expected = new Set<number>([n - 1])
    for (let first = 0; first < n; first += span) {
      let lo = first
      let hi = first
      for (let i = first; i < Math.min(n, first + span); i++) {
        if (rank(losses[i]!) < rank(losses[lo]!)) lo = i
        if (rank(losses[i]!) > rank(losses[hi]!)) hi = i
      }
      expected.add(lo).add(hi)
    }
    const kept = offerAll(losses, maxRecords)
    expect(kept).toEqual([...expected].sort((a, b) => a - b))
    expect(kept.length).toBeLessThanOrEqual(maxRecords)
    expect(kept).toContain(12_345) // the divergence
    const min = losses.indexOf(Math.min(...losses.filter(Number.isFinite)))
    expect(kept).toContain(min)
  })

  it('keeps every step of a short run', () => {
    expect(offerAll([3, 2, 1, 0.5], 100)).toEqual([0, 1, 2, 3])
  })
})
