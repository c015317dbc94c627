import { readdir } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  listPresets,
  PRESET_NAMES,
  presetConfig,
  presetInput,
  unknownPresetMessage
} from '../../../main/config/presets'

const PRESET_DIR = new URL('../../../resources/presets/', import.meta.url)

describe('presets', () => {
  it('bundles every JSON file in resources/presets, each valid, named after its file, leaving the input shape to the data', async () => {
    const files = (await readdir(PRESET_DIR))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
    expect([...PRESET_NAMES].sort()).toEqual(files.sort())
    for (const name of PRESET_NAMES) {
      const config = presetConfig(name)
      expect(config?.name).toBe(name)
      expect(config?.model.inputShape).toBeUndefined()
    }
  })

  it('gives each preset a one-line description', () => {
    for (const { name, description } of listPresets()) {
      expect(description.length, name).toBeGreaterThan(40)
      expect(description, name).not.toContain('\n')
    }
  })

  it('returns a fresh copy each time, so callers cannot change the bundled preset', () => {
    const first = presetConfig('relu-he')
    if (!first) throw new Error('relu-he missing')
    first.training.epochs = 999
    ;(presetInput('relu-he') as { name: string }).name = 'changed'
    expect(presetConfig('relu-he')?.training.epochs).not.toBe(999)
    expect(presetConfig('relu-he')?.name).toBe('relu-he')
  })

  it('answers null for an unknown name, with a message listing the known ones', () => {
    expect(presetConfig('relu-xyz')).toBeNull()
    expect(presetConfig('constructor')).toBeNull()
    expect(unknownPresetMessage('relu-xyz')).toBe(
      `Unknown preset "relu-xyz". Known presets: ${PRESET_NAMES.join(', ')}.`
    )
  })

  it('makes leaky-relu exactly relu-dying with leaky ReLU', () => {
    const dying = presetConfig('relu-dying')
    const leaky = presetConfig('leaky-relu')
    if (!dying || !leaky) throw new Error('preset missing')
    expect(leaky.model.layers.map((l) => ({ ...l, activation: 'relu' }))).toEqual(
      dying.model.layers
    )
    expect(
      leaky.model.layers.every((l) => 'activation' in l && l.activation === 'leaky-relu')
    ).toBe(true)
    expect(leaky.training).toEqual(dying.training)
  })

  it('pairs tanh-deep and xavier-tanh as the same net with a different initializer', () => {
    const tanh = presetConfig('tanh-deep')
    const xavier = presetConfig('xavier-tanh')
    if (!tanh || !xavier) throw new Error('preset missing')
    expect(xavier.model.layers.map((l) => ({ ...l, initializer: null }))).toEqual(
      tanh.model.layers.map((l) => ({ ...l, initializer: null }))
    )
    expect(xavier.training).toEqual(tanh.training)
  })

  it('uses the lecture scales: small-init 0.03·N(0,1), large-init N(0,1), zeros-init all zeros', () => {
    const init = (name: string) =>
      presetConfig(name)?.model.layers.map((l) => ('initializer' in l ? l.initializer : null))
    expect(new Set(init('small-init')?.map((i) => JSON.stringify(i)))).toEqual(
      new Set([JSON.stringify({ type: 'random-normal', stddev: 0.03, mean: 0 })])
    )
    expect(new Set(init('large-init')?.map((i) => JSON.stringify(i)))).toEqual(
      new Set([JSON.stringify({ type: 'random-normal', stddev: 1, mean: 0 })])
    )
    expect(init('zeros-init')?.every((i) => i?.type === 'zeros')).toBe(true)
    expect(presetConfig('zeros-init')?.model.outputInitializer).toEqual({ type: 'zeros' })
  })

  it('builds cnn-baseline from two conv + pool blocks feeding the output and cites its Fashion-MNIST reference', () => {
    const cnn = presetConfig('cnn-baseline')
    expect(cnn?.model.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'maxPool',
      'conv2d',
      'maxPool',
      'flatten'
    ])
    expect(cnn?.description).toContain('0.916')
  })
})
