import { describe, expect, it } from 'vitest'
import { depthTrend } from '../../../main/stats/depth-trend'

describe('depthTrend', () => {
  it('finds a factor of ½ per layer in a halving sequence (vanishing toward the output)', () => {
    const t = depthTrend([1, 0.5, 0.25, 0.125])
    expect(t.factorPerLayer).toBeCloseTo(0.5, 14)
    expect(t.logSlope).toBeCloseTo(Math.log(0.5), 14)
    expect(t.firstLastRatio).toBe(8)
    expect([t.used, t.zeros, t.nonFinite]).toEqual([4, 0, 0])
  })

  it('reports gradients growing toward the output as a first/last ratio below 1', () => {
    const t = depthTrend(Float64Array.of(1e-6, 1e-4, 1e-2))
    expect(t.firstLastRatio).toBeCloseTo(1e-4, 18)
    expect(t.factorPerLayer).toBeCloseTo(100, 8)
  })

  it('skips non-finite layers but keeps the others at their own depth', () => {
    const t = depthTrend([2, NaN, 8, Infinity, 32])
    expect(t.factorPerLayer).toBeCloseTo(2, 12) // 2 → 32 over 4 layers
    expect(t.firstLastRatio).toBe(2 / 32)
    expect([t.used, t.nonFinite]).toEqual([3, 2])
  })

  it('leaves zeros out of the log fit but reports a zero end as it is', () => {
    const t = depthTrend([0, 1, 10, 100])
    expect(t.zeros).toBe(1)
    expect(t.factorPerLayer).toBeCloseTo(10, 12)
    expect(t.firstLastRatio).toBe(0)
    expect(depthTrend([5, 1, 0]).firstLastRatio).toBe(Infinity)
    expect(depthTrend([0, 1, 0]).firstLastRatio).toBeNaN()
  })

  it('uses magnitudes, so negative values trend like positive ones', () => {
    expect(depthTrend([-1, 2, -4]).factorPerLayer).toBeCloseTo(2, 12)
  })

  it('gives NaN trends for fewer than two usable layers, without throwing', () => {
    for (const values of [[], [3], [NaN, 4], [0, 0, 5]]) {
      const t = depthTrend(values)
      expect(t.logSlope).toBeNaN()
      expect(t.factorPerLayer).toBeNaN()
    }
    expect(depthTrend([]).firstLastRatio).toBeNaN()
  })
})
