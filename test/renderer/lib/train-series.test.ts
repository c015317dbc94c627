import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../main/contract/runs/records'
import { baselineSeries, learningRateSeries } from '../../../renderer/src/lib/train-series'

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

describe('baselineSeries', () => {
  it('draws majority class and chance as dashed levels over the run’s steps, none without baselines', () => {
    const [majority, chance] = baselineSeries({ chance: 1 / 6, majorityClass: 0.45 }, 0, 90)
    expect(majority).toMatchObject({
      label: 'majority class 45%',
      x: [0, 90],
      y: [0.45, 0.45],
      dashed: true
    })
    expect(chance).toMatchObject({ label: 'chance 17%', y: [1 / 6, 1 / 6], dashed: true })
    expect(baselineSeries(undefined, 0, 90)).toEqual([])
    expect(baselineSeries({ chance: 0.5, majorityClass: 0.5 }, 3, 3)[0]!.x).toEqual([3, 4])
  })
})
