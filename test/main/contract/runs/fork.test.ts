import { describe, expect, it } from 'vitest'
import { applyChanges } from '../../../../main/contract/runs/config-changes'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'
import type { ConfigChange } from '../../../../main/contract/runs/summary'
import {
  describeFork,
  fixWords,
  forkBase,
  forkLine,
  forkSameness,
  reinitializedLayers
} from '../../../../main/contract/runs/fork'

/** relu-he at the sample's 28×28×1, as the engine plans it (layers dense_1 … dense_6, output). */
const parent = forkBase(presetConfig('relu-he') as RunConfig, [28, 28, 1])
const forked = (...changes: ConfigChange[]) => {
  const result = applyChanges(parent, changes)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

describe('what a fork changes besides the setting', () => {
  it('pins the input shape the parent derived from its data, and keeps a set one', () => {
    expect(parent.model.inputShape).toEqual([28, 28, 1])
    const set = { ...parent, model: { ...parent.model, inputShape: [8, 8, 3] as [number, number, 3] } }
    expect(forkBase(set, [28, 28, 1]).model.inputShape).toEqual([8, 8, 3])
  })

  it('keeps every initial weight for a change of learning rate, optimizer, normalization or a later batch norm', () => {
    for (const change of [
      { path: 'training.optimizer.learningRate', value: 0.0001 },
      { path: 'training.optimizer.type', value: 'sgd' },
      { path: 'data.normalize', value: 'none' },
      { path: 'layers.4.batchNorm', value: true },
      { path: 'layers.3.dropout', value: 0.5 },
      { path: 'layers.2.activation', value: 'tanh' }
    ]) {
      expect(reinitializedLayers(parent, forked(change), 10)).toEqual([])
    }
  })

  it("names the layer whose initializer changed, and a layer's neighbour whose fan-in changed with its width", () => {
    expect(
      reinitializedLayers(parent, forked({ path: 'layers.0.initializer', value: 'glorot-normal' }), 10)
    ).toEqual(['dense_1'])
    // dense_3's width is dense_4's fan-in: both kernels have other shapes.
    expect(reinitializedLayers(parent, forked({ path: 'layers.2.units', value: 64 }), 10)).toEqual([
      'dense_3',
      'dense_4'
    ])
    // A new input size changes the first kernel only (the others keep their fans).
    expect(
      reinitializedLayers(parent, forked({ path: 'model.inputShape.0', value: 32 }), 10)
    ).toEqual(['dense_1'])
  })

  it('says when batches or the split differ, and nothing for a change that leaves them', () => {
    const lr = forked({ path: 'training.optimizer.learningRate', value: 0.0001 })
    const batch = forked({ path: 'training.batchSize', value: 32 })
    const split = forked({ path: 'data.validationSplit', value: 0.3 })
    const fork = describeFork('p-1', parent, lr, [{ path: 'training.optimizer.learningRate', value: 0.0001 }], 10)
    expect(fork).toEqual({
      run: 'p-1',
      changes: [{ path: 'training.optimizer.learningRate', value: 0.0001 }],
      words: [`lr ${parent.training.optimizer.learningRate} → 0.0001`],
      reinitialized: [],
      notes: []
    })
    expect(forkSameness(fork)).toBe(
      'Same seed and initial weights as the parent, on the same batches in the same order.'
    )
    const batchFork = describeFork('p-1', parent, batch, [{ path: 'training.batchSize', value: 32 }], 10)
    expect(batchFork.notes).toEqual([expect.stringMatching(/^The batch size changed \(64 → 32\)/)])
    expect(describeFork('p', parent, split, [], 10).notes).toEqual([
      expect.stringMatching(/^The split changed/)
    ])
  })

  it('says which layers start elsewhere when a change re-initializes them', () => {
    expect(forkSameness({ reinitialized: ['dense_1'], notes: [] })).toBe(
      "Same seed as the parent; new initial weights for dense_1 (the change alters its initializer or shape), the other layers start from the parent's, on the same batches in the same order."
    )
  })

  it("words a fork for the Runs list, and a fix against the config it applies to", () => {
    const changes = [{ path: 'training.optimizer.learningRate', value: 0.0001 }]
    const fork = describeFork('p', parent, forked(...changes), changes, 10)
    expect(forkLine(fork, 'relu-he')).toBe('fork of relu-he: lr 0.001 → 0.0001')
    expect(fixWords(changes, parent)).toEqual(['lr 0.001 → 0.0001'])
    expect(fixWords([{ path: 'layers.1.batchNorm', value: true }], parent)).toEqual([
      'layer 2 batch norm off → on'
    ])
    // Without the config, or when the change does not apply, the raw path and value.
    expect(fixWords(changes, null)).toEqual(['training.optimizer.learningRate → 0.0001'])
    expect(fixWords([{ path: 'layers.0.units', value: -1 }], parent)).toEqual([
      'model.layers.0.units → -1'
    ])
  })
})
