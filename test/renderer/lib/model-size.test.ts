import { describe, expect, it } from 'vitest'
import { runConfigSchema } from '../../../main/contract/config/schema'
import { effectiveShape, modelSize, shapeWords } from '../../../renderer/src/lib/model-size'

const config = (inputShape?: [number, number, 1 | 3]) =>
  runConfigSchema.parse({
    model: { ...(inputShape ? { inputShape } : {}), layers: [{ type: 'dense', units: 10 }] },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
  })

describe('the Model view’s size line', () => {
  it('uses the set shape, else the folder’s, else 28×28×1', () => {
    expect(effectiveShape(config([8, 8, 3]), [32, 32, 3])).toEqual([8, 8, 3])
    expect(effectiveShape(config(), [32, 24, 3])).toEqual([32, 24, 3])
    expect(effectiveShape(config(), null)).toEqual([28, 28, 1])
    expect(shapeWords([32, 24, 3])).toBe('24 × 32 × 3')
  })

  it('counts parameters at the shape and flags an estimate over the budget', () => {
    const size = modelSize(config(), [4, 4, 3], 5, 1000)
    expect(size.ok && size.estimate.parameters).toBe(48 * 10 + 10 + 10 * 5 + 5)
    expect(size.ok && size.overBudget).toBe(true)
    const roomy = modelSize(config(), [4, 4, 3], 5, 1e9)
    expect(roomy.ok && roomy.overBudget).toBe(false)
  })
})
