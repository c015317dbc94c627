import { describe, expect, it } from 'vitest'
import {
  applyChanges,
  canonicalPath,
  parseSetFlag
} from '../../../../main/contract/runs/config-changes'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'

const preset = (name: string) => presetConfig(name) as RunConfig
const applied = (config: RunConfig, ...changes: Parameters<typeof applyChanges>[1]) => {
  const result = applyChanges(config, changes)
  if (!result.ok) throw new Error(result.error)
  return result.value
}
const refusal = (config: RunConfig, ...changes: Parameters<typeof applyChanges>[1]) => {
  const result = applyChanges(config, changes)
  return result.ok ? null : result.error
}

describe('--set PATH=VALUE', () => {
  it('reads the value as JSON where it parses, else as text', () => {
    expect(parseSetFlag('training.optimizer.learningRate=1e-4')).toEqual({
      ok: true,
      value: { path: 'training.optimizer.learningRate', value: 0.0001 }
    })
    expect(parseSetFlag('layers.0.batchNorm=true')).toEqual({
      ok: true,
      value: { path: 'layers.0.batchNorm', value: true }
    })
    expect(parseSetFlag('layers.0.initializer=he-normal')).toEqual({
      ok: true,
      value: { path: 'layers.0.initializer', value: 'he-normal' }
    })
    expect(parseSetFlag('x=null')).toEqual({ ok: true, value: { path: 'x', value: null } })
  })

  it('refuses a missing "=", an empty value and objects', () => {
    expect(parseSetFlag('training.epochs')).toEqual({
      ok: false,
      error: expect.stringMatching(/write PATH=VALUE/)
    })
    expect(parseSetFlag('training.epochs=')).toEqual({
      ok: false,
      error: '--set training.epochs: give a value after "=".'
    })
    expect(parseSetFlag('training.optimizer={"type":"sgd"}').ok).toBe(false)
  })
})

describe('applying changes to a config', () => {
  it('changes only the paths given and leaves the input untouched', () => {
    const base = preset('relu-dying')
    const before = structuredClone(base)
    const fork = applied(base, { path: 'training.optimizer.learningRate', value: 0.003 })
    expect(base).toEqual(before)
    expect(fork).toEqual({
      ...base,
      training: { ...base.training, optimizer: { ...base.training.optimizer, learningRate: 0.003 } }
    })
  })

  it('takes `layers.N` as shorthand for `model.layers.N`, and initializer names as shorthand', () => {
    expect(canonicalPath('layers.2.batchNorm')).toBe('model.layers.2.batchNorm')
    const fork = applied(
      preset('relu-he'),
      { path: 'layers.2.batchNorm', value: true },
      { path: 'model.layers.0.initializer', value: 'glorot-normal' }
    )
    expect(fork.model.layers[2]).toMatchObject({ batchNorm: true })
    expect(fork.model.layers[0]).toMatchObject({ initializer: { type: 'glorot-normal' } })
  })

  it("drops a changed type's sibling fields the new type does not take (Adam → SGD)", () => {
    const fork = applied(preset('relu-dying'), { path: 'training.optimizer.type', value: 'sgd' })
    expect(fork.training.optimizer).toEqual({ type: 'sgd', learningRate: 0.03 })
  })

  it('names the path and the problem for an unknown field, a bad value or a missing layer', () => {
    const base = preset('relu-he')
    expect(refusal(base, { path: 'training.optimizer.learningRat', value: 0.1 })).toBe(
      'training.optimizer.learningRat=0.1: training.optimizer: unknown field "learningRat"'
    )
    expect(refusal(base, { path: 'training.optimizer.learningRate', value: -1 })).toBe(
      'training.optimizer.learningRate=-1: training.optimizer.learningRate: must be greater than 0, got -1'
    )
    expect(refusal(base, { path: 'data.normalize', value: 'whiten' })).toMatch(
      /^data\.normalize="whiten": data\.normalize: /
    )
    expect(refusal(base, { path: 'layers.9.units', value: 3 })).toBe(
      `layers.9.units: model.layers has ${base.model.layers.length} entries (0 to ${base.model.layers.length - 1}); 9 is not one of them.`
    )
    expect(refusal(base, { path: 'training.epochs.x', value: 3 })).toMatch(
      /^training\.epochs\.x: training\.epochs is \d+, not a section with fields\.$/
    )
  })

  it("refuses to change the seed (a fork keeps its parent's random draws) and no change at all", () => {
    expect(refusal(preset('relu-he'), { path: 'training.seed', value: 2 })).toMatch(
      /^training\.seed: a fork keeps its parent's seed/
    )
    expect(refusal(preset('relu-he'))).toMatch(/No change to apply/)
  })
})
