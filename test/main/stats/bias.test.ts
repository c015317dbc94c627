import { describe, expect, it } from 'vitest'
import { biasStats } from '../../../main/stats/bias'

describe('biasStats', () => {
  it('gives the mean, the population spread across units, and the range', () => {
    // 1, 2, 3, 6: mean 3, squared deviations 4 + 1 + 0 + 9 = 14, variance 14/4.
    expect(biasStats(Float32Array.from([1, 2, 3, 6]))).toEqual({
      mean: 3,
      std: Math.sqrt(14 / 4),
      min: 1,
      max: 6
    })
  })

  it('keeps a constant initial bias exactly, with spread 0', () => {
    expect(biasStats(new Float32Array(128).fill(-3))).toEqual({
      mean: -3,
      std: 0,
      min: -3,
      max: -3
    })
  })

  it('makes every field NaN when a bias is not finite', () => {
    const s = biasStats(Float32Array.from([0, Number.NaN]))
    expect([s.mean, s.std, s.min, s.max].every(Number.isNaN)).toBe(true)
  })
})
