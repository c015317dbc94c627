import { describe, expect, it } from 'vitest'
import {
  learningRateAt,
  stepsPerEpoch
} from '../../../../main/contract/config/learning-rate-schedule'
import type { RunConfig } from '../../../../main/contract/config/schema'

const optimizer: RunConfig['training']['optimizer'] = { type: 'sgd', learningRate: 0.1 }

describe('learningRateAt', () => {
  it('keeps the configured rate on every step under the constant schedule', () => {
    const training = { optimizer, learningRateSchedule: 'constant' as const }
    expect([0, 50, 99, 500].map((step) => learningRateAt(training, step, 100))).toEqual([
      0.1, 0.1, 0.1, 0.1
    ])
  })

  it('falls along a half cosine from the rate to 0 over the planned steps', () => {
    const training = { optimizer, learningRateSchedule: 'cosine' as const }
    expect(learningRateAt(training, 0, 100)).toBe(0.1)
    expect(learningRateAt(training, 25, 100)).toBeCloseTo(0.1 * (0.5 + Math.SQRT1_2 / 2), 12)
    expect(learningRateAt(training, 50, 100)).toBeCloseTo(0.05, 12)
    expect(learningRateAt(training, 100, 100)).toBe(0)
    expect(learningRateAt(training, 130, 100)).toBe(0)
  })
})

describe('stepsPerEpoch', () => {
  it('counts a last, partial batch as a step and never answers 0', () => {
    expect(stepsPerEpoch(360, 32)).toBe(12)
    expect(stepsPerEpoch(64, 64)).toBe(1)
    expect(stepsPerEpoch(0, 64)).toBe(1)
  })
})
