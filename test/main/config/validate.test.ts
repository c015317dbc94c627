import { describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../main/config/validate'

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
    const config = { name: 'x', model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4, extra: deep }] } }
    const parsed = parseRunConfig(config)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toMatch(/nested more than 64 levels deep/)
  })
})
