import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeSchema, modelSchema } from '../../../../main/contract/config/schema'
import { buildModel, disposeModel, type Model } from '../../../../main/engine/model/model'
import { CONV_ROW_CAP, captureProbe, probeExamples } from '../../../../main/engine/probes/capture'
import { useTestBackend } from '../test-backend'

const spec = probeSchema.parse({})
let model: Model
beforeAll(async () => {
  await useTestBackend()
  const spec = modelSchema.parse({
    inputShape: [40, 40, 1],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3, batchNorm: true, activation: 'tanh' },
      { type: 'maxPool', poolSize: 4 },
      { type: 'dense', units: 6 }
    ]
  })
  model = buildModel(spec, 3, 2)
})
afterAll(() => disposeModel(model))

describe('captureProbe', () => {
  it('measures the same values whatever the chunk size, leaving no tensors', async () => {
    const x = tf.randomUniform([10, 40, 40, 1], 0, 1, 'float32', 4) as tf.Tensor4D
    const before = tf.memory().numTensors
    const whole = await captureProbe(model, x, 10, spec)
    const chunked = await captureProbe(model, x, 3, spec)
    expect(tf.memory().numTensors).toBe(before)
    chunked.forEach((layer, i) => {
      expect(layer.rows).toBe(whole[i]!.rows)
      expect(layer.inputMeanSquare).toBeCloseTo(whole[i]!.inputMeanSquare, 5)
      expect(layer.pre).toEqual(whole[i]!.pre)
      expect(layer.post).toEqual(whole[i]!.post)
      expect(layer.units).toEqual(whole[i]!.units)
    })
    x.dispose()
  })

  it('downloads only the first examples of a conv layer, all examples of a dense one', async () => {
    const x = tf.zeros([10, 40, 40, 1]) as tf.Tensor4D
    const [conv, dense, output] = await captureProbe(model, x, 4, spec)
    const kept = probeExamples(10, 1600)
    expect(kept).toBe(Math.floor(CONV_ROW_CAP / 1600))
    expect(conv!.rows).toBe(kept * 1600)
    expect(conv!.pre.count).toBe(kept * 1600 * 2)
    expect(conv!.preNorm!.count).toBe(kept * 1600 * 2)
    expect(conv!.movingVar).toEqual(new Float32Array([1, 1]))
    expect(dense!.post.count).toBe(10 * 6)
    // The output layer's post is the softmax: 3 probabilities summing to 1 per example.
    expect(output!.post.mean).toBeCloseTo(1 / 3, 6)
    x.dispose()
  })

  it('keeps at least one example and never more than the batch', () => {
    expect(probeExamples(256, 1)).toBe(256)
    expect(probeExamples(4, 10_000_000)).toBe(1)
    expect(probeExamples(3, 4)).toBe(3)
  })
})
