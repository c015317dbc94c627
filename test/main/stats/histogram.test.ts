import { describe, expect, it } from 'vitest'
import { binLayout, fixedHistogram, slotOf } from '../../../main/stats/histogram'
import { draws, normal } from './seeded-random'

describe('fixedHistogram', () => {
  it('puts each value in the bin [lo + i·w, lo + (i+1)·w) that holds it', () => {
    // bins of width 0.5 over [-1, 1): [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1)
    const h = fixedHistogram(Float32Array.of(-1, -0.75, -0.5, 0, 0.25, 0.49, 0.5, 0.99), 4, -1, 1)
    expect(h.counts).toEqual([2, 1, 3, 2])
    expect(h.underflow).toBe(0)
    expect(h.overflow).toBe(0)
    expect([h.lo, h.hi]).toEqual([-1, 1])
  })

  it('counts values below lo as underflow and values at or above hi as overflow', () => {
    const h = fixedHistogram(Float32Array.of(-3, -1.0001, 1, 1.5, 0), 2, -1, 1)
    expect(h.underflow).toBe(2)
    expect(h.overflow).toBe(2)
    expect(h.counts).toEqual([0, 1])
  })

  it('leaves NaN and ±Infinity out of every count', () => {
    const h = fixedHistogram(Float32Array.of(NaN, Infinity, -Infinity, 0.1), 2, -1, 1)
    expect(h.counts).toEqual([0, 1])
    expect(h.underflow + h.overflow).toBe(0)
  })

  it('accounts for every finite value exactly once', () => {
    const values = draws(10_000, normal(7))
    values[3] = NaN
    values[9] = Infinity
    const h = fixedHistogram(values, 41, -2, 2)
    const total = h.underflow + h.overflow + h.counts.reduce((s, c) => s + c, 0)
    expect(total).toBe(values.length - 2)
    expect(h.counts).toHaveLength(41)
  })

  it('never puts a value just below hi past the last bin', () => {
    // Found by search: here (v - lo) · bins / (hi - lo) rounds up to exactly `bins`.
    const layout = binLayout(246, -2.51755548410705, 1.8120062604758547)
    const v = 1.8120062604758542
    expect(v < layout.hi).toBe(true)
    expect(Math.floor((v - layout.lo) * layout.scale)).toBe(246)
    expect(slotOf(v, layout)).toBe(246) // last bin (slot = bin + 1), not overflow (247)
  })

  it('does not change the input array', () => {
    const values = Float32Array.of(3, -2, NaN, 0.5)
    const copy = values.slice()
    fixedHistogram(values, 4, -1, 1)
    expect(values).toEqual(copy)
  })

  it('rejects a bin count that is not a whole number of at least 1, naming it', () => {
    expect(() => fixedHistogram(new Float32Array(1), 0, -1, 1)).toThrow(/histogram bins/)
    expect(() => fixedHistogram(new Float32Array(1), 2.5, -1, 1)).toThrow(/histogram bins/)
  })

  it('rejects an empty or non-finite range', () => {
    expect(() => fixedHistogram(new Float32Array(1), 4, 1, 1)).toThrow(/lo < hi/)
    expect(() => fixedHistogram(new Float32Array(1), 4, 0, Infinity)).toThrow(/finite/)
  })

  it('gives all-zero counts for an empty array', () => {
    const h = fixedHistogram(new Float32Array(0), 3, 0, 1)
    expect(h).toEqual({ lo: 0, hi: 1, counts: [0, 0, 0], underflow: 0, overflow: 0 })
  })
})
