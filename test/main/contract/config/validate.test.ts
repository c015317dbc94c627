import { describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { parseRunConfig } from '../../../../main/contract/config/validate'

/** A valid config input whose first layer and input shape a test may replace. */
function input(layer: Record<string, unknown>, inputShape: unknown[] = [8, 8, 1]): unknown {
  return {
    model: { inputShape, layers: [{ type: 'dense', units: 4, ...layer }] },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
  }
}

function errorOf(config: unknown): string {
  const parsed = parseRunConfig(config)
  if (parsed.ok) throw new Error('expected the config to be refused')
  return parsed.error
}

describe('parseRunConfig', () => {
  it('accepts an initializer written as its name alone', () => {
    const parsed = parseRunConfig(input({ initializer: 'he-normal' }))
    expect(parsed.ok && parsed.value.model.layers[0]).toMatchObject({
      initializer: { type: 'he-normal' }
    })
  })

  it('quotes the unknown initializer name a person wrote, not "nothing"', () => {
    expect(errorOf(input({ initializer: 'he' }))).toBe(
      'Invalid configuration: model.layers[0].initializer.type: must be one of zeros, constant, ' +
        'random-normal, glorot-normal, glorot-uniform, he-normal, he-uniform, lecun-normal; got "he"'
    )
  })

  it('lists the allowed channel counts when the input shape has another', () => {
    expect(errorOf(input({}, [8, 8, 2]))).toBe(
      'Invalid configuration: model.inputShape[2]: must be one of 1, 3; got 2'
    )
  })

  it('names the field, the bound and the value of a number out of range', () => {
    expect(errorOf(input({ units: -3 }))).toBe(
      'Invalid configuration: model.layers[0].units: must be greater than 0, got -3'
    )
  })
})

describe('parseRunConfig on deeply nested input', () => {
  it('refuses a config nested 5,000 levels deep with a clear error instead of overflowing', () => {
    let deep: unknown = 1
    for (let i = 0; i < 5000; i++) deep = { a: deep }
    const config = {
      name: 'x',
      model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4, extra: deep }] }
    }
    const parsed = parseRunConfig(config)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(/nested more than 64 levels deep/)
  })
})

describe('layer names', () => {
  const withName = (name: string) => ({
    name: 'x',
    model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4, name }] },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 }, batchSize: 8, epochs: 1 }
  })

  /** Whether tfjs itself takes `name` for a dense layer of a model (what the model export builds). */
  function tfjsAccepts(name: string): boolean {
    const model = tf.sequential()
    try {
      model.add(tf.layers.inputLayer({ inputShape: [4], name: 'input' }))
      model.add(tf.layers.dense({ units: 2, name }))
      model.add(tf.layers.activation({ activation: 'relu', name: `${name}_activation` }))
      return true
    } catch {
      return false
    } finally {
      model.dispose()
    }
  }

  it('refuses names tfjs rejects, naming the field, and accepts the ones it takes', () => {
    for (const name of ['my layer', '-x', '.x', 'couche_é', 'a:b', 'a/b']) {
      const parsed = parseRunConfig(withName(name))
      expect(parsed.ok).toBe(false)
      expect(!parsed.ok && parsed.error).toMatch(
        /model\.layers\[0\]\.name: must start with a letter/
      )
      expect(tfjsAccepts(name.replace('/', ' '))).toBe(false)
    }
    for (const name of ['block-1.a_b', 'Dense2', '7up']) {
      expect(parseRunConfig(withName(name)).ok).toBe(true)
      expect(tfjsAccepts(name)).toBe(true)
    }
  })

  it('refuses the names the exported model gives its own layers', () => {
    for (const name of [
      'input',
      'output',
      'x_activation',
      'flatten_2',
      'max_pool_1',
      'a__batchnorm'
    ]) {
      const parsed = parseRunConfig(withName(name))
      expect(!parsed.ok && parsed.error).toMatch(/name: is a name the exported model uses/)
    }
  })
})

describe('configs written before the probe settings were called `probe`', () => {
  const withKey = (key: string, settings: unknown): Record<string, unknown> => ({
    ...(input({}) as object),
    [key]: settings
  })

  it('reads the old key `instruments` as `probe`, defaults filled, and keeps no `instruments`', () => {
    const old = parseRunConfig(withKey('instruments', { statsEvery: 7, probeSize: 32 }))
    const current = parseRunConfig(withKey('probe', { statsEvery: 7, probeSize: 32 }))
    expect(old.ok && current.ok).toBe(true)
    expect(old.ok && old.value).toEqual(current.ok && current.value)
    expect(old.ok && old.value.probe).toMatchObject({ statsEvery: 7, probeSize: 32 })
    expect(old.ok && 'instruments' in old.value).toBe(false)
  })

  it('lets `probe` win field by field when an old file also has a `probe` override', () => {
    const both: Record<string, unknown> = {
      ...withKey('instruments', { statsEvery: 7, probeSize: 32 }),
      probe: { statsEvery: 3 }
    }
    const parsed = parseRunConfig(both)
    expect(parsed.ok && parsed.value.probe).toMatchObject({ statsEvery: 3, probeSize: 32 })
    expect(both['instruments']).toEqual({ statsEvery: 7, probeSize: 32 }) // not mutated
  })

  it('names a bad old value by its current path', () => {
    expect(errorOf(withKey('instruments', { statsEvery: 0 }))).toBe(
      'Invalid configuration: probe.statsEvery: must be greater than 0, got 0'
    )
  })
})
