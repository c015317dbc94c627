import { describe, expect, it } from 'vitest'
import { loweredLearningRate } from '../../../../../main/runs/diagnosis/causes/learning-rate'

describe('loweredLearningRate', () => {
  it('divides by the smallest power of ten that brings the update ratio to 1e-2', () => {
    // The case: Adam 1e-3 on 4,800 inputs measured 0.049; 1e-4 kept dense_1 alive.
    expect(loweredLearningRate(1e-3, 0.049)).toBe(1e-4)
    // relu-dying: Adam 0.03, a ratio near 0.6 needs two powers.
    expect(loweredLearningRate(0.03, 0.6)).toBe(3e-4)
  })

  it('divides by at least 10, by at most 1000, and by 10 when the ratio is unknown', () => {
    expect(loweredLearningRate(0.1, 0.001)).toBe(0.01)
    expect(loweredLearningRate(10, 1e9)).toBe(0.01)
    expect(loweredLearningRate(0.5, Number.NaN)).toBe(0.05)
  })
})
