import { describe, expect, it } from 'vitest'
import { l2Distance, l2Norm, updateRatio } from '../../../main/stats/norms'

describe('norms', () => {
  it('computes ‖(3, 4)‖ = 5 and ‖∅‖ = 0', () => {
    expect(l2Norm(Float32Array.of(3, -4))).toBe(5)
    expect(l2Norm(new Float32Array(0))).toBe(0)
  })

  it('does not overflow on the largest float32 values', () => {
    const big = 3.4e38
    expect(l2Norm(Float32Array.of(big, big)) / (Math.fround(big) * Math.SQRT2)).toBeCloseTo(1, 12)
  })

  it('lets a NaN or Infinity through, so a diverged gradient shows', () => {
    expect(l2Norm(Float32Array.of(1, NaN))).toBeNaN()
    expect(l2Norm(Float32Array.of(1, -Infinity))).toBe(Infinity)
  })

  it('measures the distance between two arrays and the update ratio of a step', () => {
    const before = Float32Array.of(3, 4)
    const after = Float32Array.of(3.5, 4)
    expect(l2Distance(after, before)).toBe(0.5)
    expect(updateRatio(before, after)).toBeCloseTo(0.1, 15)
  })

  it('gives Infinity for a step away from all-zero weights and NaN for no step at all', () => {
    expect(updateRatio(Float32Array.of(0, 0), Float32Array.of(0, 1))).toBe(Infinity)
    expect(updateRatio(Float32Array.of(0, 0), Float32Array.of(0, 0))).toBeNaN()
  })

  it('rejects arrays of different lengths', () => {
    expect(() => l2Distance(new Float32Array(2), new Float32Array(3))).toThrow(/2 and 3 values/)
  })
})
