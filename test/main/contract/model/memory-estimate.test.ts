import { describe, expect, it } from 'vitest'
import { modelSchema, type ModelSpec } from '../../../../main/contract/config/schema'
import {
  activationsPerExample,
  budgetRefusal,
  estimateMemory
} from '../../../../main/contract/model/memory-estimate'
import { planModel } from '../../../../main/contract/model/plan'

const spec = (input: unknown): ModelSpec => modelSchema.parse(input)
const sgd = { type: 'sgd' as const, learningRate: 0.1 }
const adam = { type: 'adam' as const, learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }

describe('the training memory estimate', () => {
  it('counts a dense net’s weights, gradients and activations from its shapes', () => {
    const plan = planModel(spec({ layers: [{ type: 'dense', units: 128 }] }), 10, [28, 28, 1])
    const e = estimateMemory(plan, { batchSize: 64, optimizer: sgd }, 256)
    const params = 784 * 128 + 128 + 128 * 10 + 10
    // per example: the 784 inputs, then pre-activation and output of each weighted layer
    const perExample = 784 + 2 * 128 + 2 * 10
    expect(e.parameters).toBe(params)
    expect(e.activationsPerExample).toBe(perExample)
    expect(e.bytes).toEqual({
      parameters: 4 * params,
      gradients: 4 * params,
      optimizer: 0,
      activations: 4 * perExample * (2 * 64 + 256),
      total: 4 * (2 * params + perExample * (2 * 64 + 256))
    })
  })

  it('adds conv kernels, batch norm’s four vectors, pooled maps, dropout masks and Adam’s two moments', () => {
    const plan = planModel(
      spec({
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 3, batchNorm: true },
          { type: 'maxPool', poolSize: 2 },
          { type: 'dense', units: 16, dropout: 0.5 }
        ]
      }),
      3,
      [10, 10, 3]
    )
    const e = estimateMemory(plan, { batchSize: 4, optimizer: adam }, 8)
    const conv = 3 * 3 * 3 * 8 + 8 + 2 * 8 // kernel, bias, gamma and beta
    const dense = 5 * 5 * 8 * 16 + 16 // after a 2×2 pool: 5×5×8 inputs
    const output = 16 * 3 + 3
    expect(e.trainable).toBe(conv + dense + output)
    expect(e.parameters).toBe(conv + dense + output + 2 * 8) // moving mean and variance
    expect(activationsPerExample(plan)).toBe(300 + 4 * 10 * 10 * 8 + 5 * 5 * 8 + 3 * 16 + 2 * 3)
    expect(e.bytes.optimizer).toBe(4 * 2 * e.trainable)
  })

  it('puts a dense layer of a million units at 784 M parameters and refuses it with the numbers', () => {
    const plan = planModel(spec({ layers: [{ type: 'dense', units: 1e6 }] }), 10, [28, 28, 1])
    const e = estimateMemory(plan, { batchSize: 64, optimizer: sgd }, 256)
    expect(e.parameters).toBe(784 * 1e6 + 1e6 + 1e6 * 10 + 10)
    const refusal = budgetRefusal(e, 6e9, 'test budget')
    expect(refusal).toMatch(/^The model needs ≈ \d+\.\d GB \(795 M parameters/)
    expect(refusal).toContain('the budget is 6.0 GB (test budget)')
    expect(refusal).toContain('fewer units')
    expect(budgetRefusal(e, e.bytes.total, 'exact')).toBeNull()
  })
})
