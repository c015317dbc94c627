import { afterAll, describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../../main/contract/config/validate'
import type { DatasetSummary } from '../../../../main/contract/runs/summary'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import { messyFolder, EXPECTED_SKIPS } from './messy-folder'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

describe('training on a messy folder', () => {
  it('completes a run on the usable images and reports every skipped file with its reason', async () => {
    const root = await messyFolder()
    const parsed = parseRunConfig({
      model: { inputShape: [8, 8, 3], layers: [{ type: 'dense', units: 8 }] },
      training: {
        optimizer: { type: 'adam', learningRate: 0.01 },
        batchSize: 4,
        epochs: 2,
        seed: 1
      },
      probe: { statsEvery: 5, probeSize: 8 },
      data: { validationSplit: 0.25, augmentation: { flipHorizontal: true, brightness: 0.1 } }
    })
    if (!parsed.ok) throw new Error(parsed.error)
    let dataset: DatasetSummary | null = null
    const end = await runTraining(
      {
        runId: 'messy',
        config: parsed.value,
        data: { kind: 'folder', path: root },
        backend: 'cpu'
      },
      (event) => {
        if (event.type === 'dataset') dataset = event.dataset
      },
      { waitWhilePaused: async () => {}, stopRequested: () => false }
    )
    expect(end.reason).toBeNull()
    expect(end.status).toBe('completed')
    expect(end.epochs).toBe(2)
    expect(Number.isFinite(end.final.valAcc)).toBe(true)
    const summary = dataset as DatasetSummary | null
    expect(summary?.classes).toEqual(['Café', 'cat', 'dog'])
    expect(summary?.skipped.map((s) => s.path).sort()).toEqual(Object.keys(EXPECTED_SKIPS).sort())
  })
})
