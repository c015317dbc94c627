import { describe, expect, it } from 'vitest'
import { modelSchema } from '../../../../main/contract/config/schema'
import { planModel, slidingOutput } from '../../../../main/contract/model/plan'

const model = (inputShape: [number, number, number], layers: unknown[]) =>
  modelSchema.parse({ inputShape, layers })

describe('planModel', () => {
  it('infers shapes, fan-in and names of a conv net and appends the output layer', () => {
    const plan = planModel(
      model(
        [28, 28, 1],
        [
          { type: 'conv2d', filters: 8, kernelSize: 3 },
          { type: 'maxPool' },
          { type: 'conv2d', filters: 16, kernelSize: 5, padding: 'valid' },
          { type: 'flatten' },
          { type: 'dense', units: 32 }
        ]
      ),
      10
    )
    expect(plan.layers.map((l) => [l.name, l.outputShape, l.fanIn])).toEqual([
      ['conv2d_1', [28, 28, 8], 9],
      ['conv2d_2', [10, 10, 16], 200],
      ['dense_1', [32], 1600],
      ['output', [10], 32]
    ])
    expect(plan.layers[1]!.kernelShape).toEqual([5, 5, 8, 16])
    expect(plan.stages.map((s) => s.type)).toEqual([
      'weighted',
      'pool',
      'weighted',
      'flatten',
      'weighted',
      'weighted'
    ])
  })

  it('flattens implicitly when a dense layer follows a conv layer', () => {
    const plan = planModel(
      model(
        [6, 6, 3],
        [
          { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2 },
          { type: 'dense', units: 5 }
        ]
      ),
      3
    )
    expect(plan.layers[0]!.outputShape).toEqual([3, 3, 4])
    expect(plan.layers[1]).toMatchObject({ flattenBefore: true, fanIn: 36, kernelShape: [36, 5] })
  })

  it('names the layer when a valid convolution shrinks the image below one pixel', () => {
    const spec = model(
      [4, 4, 1],
      [
        { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'valid' },
        { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'valid' }
      ]
    )
    expect(() => planModel(spec, 2)).toThrow(
      /model\.layers\[1\] \(conv2d\) "conv2d_2".*2×2 input below 1 pixel/
    )
  })

  it('rejects a convolution after a dense layer and duplicate layer names', () => {
    expect(() =>
      planModel(
        model(
          [4, 4, 1],
          [
            { type: 'dense', units: 3 },
            { type: 'conv2d', filters: 2, kernelSize: 3 }
          ]
        ),
        2
      )
    ).toThrow(/model\.layers\[1\].*needs an image input/)
    expect(() =>
      planModel(
        model(
          [4, 4, 1],
          [
            { type: 'dense', units: 3, name: 'a' },
            { type: 'dense', units: 3, name: 'a' }
          ]
        ),
        2
      )
    ).toThrow(/name "a" is already used/)
  })

  it('refuses data with fewer than two classes', () => {
    expect(() => planModel(model([4, 4, 1], [{ type: 'dense', units: 3 }]), 1)).toThrow(
      /at least 2 classes/
    )
  })

  it('computes sliding-window sizes like tfjs', () => {
    expect(slidingOutput(7, 3, 2, 'same')).toBe(4)
    expect(slidingOutput(7, 3, 2, 'valid')).toBe(3)
    expect(slidingOutput(2, 3, 1, 'valid')).toBeNull()
  })
})
