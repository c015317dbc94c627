import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../main/contract/runs/records'
import { learningRateSeries } from '../../../renderer/src/lib/train-series'

const step = (i: number, lr: number): StepRecord => ({
  step: i,
  epoch: 0,
  loss: 1,
  acc: 0.5,
  lr,
  ms: 10
})

describe('learningRateSeries', () => {
  it('draws nothing when every step used the same rate', () => {
    expect(learningRateSeries([step(0, 0.1), step(1, 0.1), step(2, 0.1)])).toBeNull()
    expect(learningRateSeries([step(0, 0.1)])).toBeNull()
  })

  it('gives every step its rate when a schedule moved it', () => {
    const series = learningRateSeries([step(0, 0.1), step(5, 0.05), step(9, 0.001)])
    expect(series).toHaveLength(1)
    expect(series![0]!.x).toEqual([0, 5, 9])
    expect(series![0]!.y).toEqual([0.1, 0.05, 0.001])
  })
})
