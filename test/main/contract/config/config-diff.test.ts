import { describe, expect, it } from 'vitest'
import { configChanges } from '../../../../main/contract/config/config-diff'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { parseRunConfig } from '../../../../main/contract/config/validate'

const preset = (name: string) => presetConfig(name) as RunConfig
const valid = (input: unknown): RunConfig => {
  const parsed = parseRunConfig(input)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}

describe('what a run changed from its preset', () => {
  it('says nothing for the preset itself, a default written out, or another input shape', () => {
    const base = preset('relu-dying')
    expect(configChanges(preset('relu-dying'), base)).toEqual([])
    const explicit = structuredClone(base)
    explicit.model.inputShape = [64, 64, 3]
    explicit.description = 'my copy'
    expect(configChanges(explicit, base)).toEqual([])
  })

  it('names the learning rate and epochs as a person would', () => {
    const base = preset('relu-dying')
    const run = structuredClone(base)
    run.training.optimizer.learningRate = 0.1
    run.training.epochs = 1
    const lr = base.training.optimizer.learningRate
    expect(configChanges(run, base)).toEqual([`lr ${lr} → 0.1`, '3 → 1 epochs'])
  })

  it('names layer changes by position, and a changed layer count', () => {
    const base = preset('relu-he')
    const run = structuredClone(base)
    run.model.layers[1] = {
      ...run.model.layers[1]!,
      activation: 'tanh',
      batchNorm: true
    } as (typeof base.model.layers)[number]
    run.model.layers.pop()
    const changes = configChanges(run, base)
    expect(changes[0]).toBe(`${base.model.layers.length} → ${run.model.layers.length} layers`)
    expect(changes).toContain('layer 2 activation relu → tanh')
    expect(changes).toContain('layer 2 batch norm off → on')
  })

  it('shows a switched optimizer or initializer whole, and an added augmentation by its settings', () => {
    const base = preset('relu-he')
    const run = valid({
      ...structuredClone(base),
      training: { ...base.training, optimizer: { type: 'sgd', learningRate: 0.05 } },
      data: { ...base.data, augmentation: { flipHorizontal: true } }
    })
    const changes = configChanges(run, base)
    expect(changes.find((c) => c.startsWith('optimizer'))).toMatch(
      /^optimizer adam .* → sgd learningRate 0.05$/
    )
    expect(changes).toContain('data.augmentation.flipHorizontal none → on')
    expect(changes.some((c) => c.includes('rotationDegrees'))).toBe(false)
  })
})
