import { describe, expect, it } from 'vitest'
import { runConfigSchema } from '../../../main/contract/config/schema'
import {
  inspectRequest,
  progressFraction,
  progressLine,
  requestKey,
  splitSizes
} from '../../../renderer/src/lib/data-inspection'
import type { DataInspection } from '../../../main/contract/ipc/contract'

const config = (model: object = {}, data: object = {}) =>
  runConfigSchema.parse({
    model: { layers: [{ type: 'dense', units: 4 }], ...model },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 }, seed: 5 },
    data
  })
const state = (patch: Partial<DataInspection>): DataInspection => ({
  jobId: 1,
  phase: 'decoding',
  progress: { scanned: 10, decoded: 3, skipped: 1, total: 10 },
  look: null,
  dataset: null,
  skipped: null,
  error: null,
  ...patch
})

describe('the Data view’s background decode', () => {
  it('asks for what changes the decoded images and splits, and nothing else', () => {
    const source = { kind: 'sample' } as const
    const base = inspectRequest(source, config())
    expect(base).toEqual({
      source,
      data: { resize: 'cover', validationSplit: 0.2 },
      seed: 5
    })
    const moreEpochs = runConfigSchema.parse({
      ...config(),
      training: { ...config().training, epochs: 9 }
    })
    expect(requestKey(inspectRequest(source, moreEpochs))).toBe(requestKey(base))
    const set = inspectRequest(source, config({ inputShape: [16, 16, 3] }))
    expect(set.inputShape).toEqual([16, 16, 3])
    expect(requestKey(set)).not.toBe(requestKey(base))
  })

  it('words progress and its fraction, unknown until the total is', () => {
    expect(progressLine(state({}))).toBe('Decoding 4 of 10 files (1 skipped so far)…')
    expect(progressFraction(state({}))).toBeCloseTo(0.4)
    const listing = state({
      phase: 'looking',
      progress: { scanned: 1500, decoded: 0, skipped: 0, total: null }
    })
    expect(progressLine(listing)).toBe('Listing files… 1,500 found')
    expect(progressFraction(listing)).toBeNull()
    expect(splitSizes({ train: { a: 3, b: 4 }, val: { a: 1, b: 1 } })).toEqual([
      ['train', 7],
      ['val', 2]
    ])
  })
})
