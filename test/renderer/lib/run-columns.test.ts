import { describe, expect, it } from 'vitest'
import {
  accuracyCells,
  changesLine,
  datasetName,
  findingTitles,
  runChoiceLabel,
  runDuration
} from '../../../renderer/src/lib/run-columns'

describe('the Runs list columns', () => {
  it('names the data by its folder, whatever the separator', () => {
    expect(datasetName('/home/ana/photos/flowers/')).toBe('flowers')
    expect(datasetName('C:\\data\\cats-vs-dogs')).toBe('cats-vs-dogs')
    expect(datasetName('synthetic')).toBe('synthetic')
    expect(datasetName(null)).toBe('—')
  })

  it('gives the duration of an ended run, and says when it is still running', () => {
    const startedAt = '2026-11-27T04:35:12.000Z'
    expect(
      runDuration({ startedAt, endedAt: '2026-11-27T04:37:26.400Z', status: 'completed' })
    ).toBe('2:14')
    expect(runDuration({ startedAt, endedAt: '2026-11-27T04:35:21.000Z', status: 'stopped' })).toBe(
      '9 s'
    )
    expect(runDuration({ startedAt, endedAt: null, status: 'running' })).toBe('running')
    expect(runDuration({ startedAt, endedAt: null, status: 'interrupted' })).toBe('—')
  })

  it('shows validation and test accuracy as percentages', () => {
    const final = { trainLoss: 1, trainAcc: 0.5, valLoss: 1, valAcc: 0.9126, testAcc: 0.88 }
    expect(accuracyCells(final)).toEqual({ val: '91.3 %', test: '88.0 %' })
    expect(accuracyCells({ ...final, valAcc: null, testAcc: undefined })).toEqual({
      val: '–',
      test: '–'
    })
  })

  it('says what changed from the preset, or that nothing did, or that there is no preset', () => {
    expect(changesLine({ changes: ['lr 0.3 → 0.1', '3 → 1 epochs'] })).toBe(
      'lr 0.3 → 0.1, 3 → 1 epochs'
    )
    expect(changesLine({ changes: [] })).toBe('as preset')
    expect(changesLine({ changes: null })).toBe('own config')
  })

  it('turns finding codes into titles', () => {
    expect(findingTitles(['dead-relu', 'overfitting'])).toBe('Dead ReLU units, Overfitting')
    expect(findingTitles(['some-new-rule'])).toBe('some new rule')
    expect(findingTitles([])).toBe('—')
  })

  it('lists a run in a Compare picker with its data folder and start date', () => {
    const run = {
      displayName: 'relu-he',
      status: 'completed' as const,
      steps: 40,
      datasetRoot: '/home/ana/photos/flowers',
      startedAt: '2026-11-27T04:35:12.000Z'
    }
    expect(runChoiceLabel(run)).toBe(
      'relu-he — completed, 40 steps, data flowers, 2026-11-27 04:35'
    )
    expect(runChoiceLabel({ ...run, steps: 1, datasetRoot: null })).toBe(
      'relu-he — completed, 1 step, data —, 2026-11-27 04:35'
    )
  })
})
