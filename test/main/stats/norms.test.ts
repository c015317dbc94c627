import { describe, expect, it } from 'vitest'
import { l2Norm } from '../../../main/stats/norms'

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
})
