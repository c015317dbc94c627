import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { modelSchema } from '../../../../main/contract/config/schema'
import { forward, type LayerTensors } from '../../../../main/engine/model/forward'
import {
  buildModel,
  disposeModel,
  exportWeights,
  type Model
} from '../../../../main/engine/model/model'
import { makeOptimizer } from '../../../../main/engine/trainer/optimizer'
import { trainStep } from '../../../../main/engine/trainer/train-step'
import { useTestBackend } from '../test-backend'

let model: Model | null = null
beforeAll(useTestBackend)
afterEach(() => {
  if (model) disposeModel(model)
  model = null
})

/** Runs `forward` and returns layer `index`'s tensors as plain arrays. */
function traced(
  m: Model,
  x: tf.Tensor4D,
  index: number,
  training: boolean
): Record<'input' | 'pre' | 'post', number[]> & { preNorm: number[] | null } {
  let out: Record<'input' | 'pre' | 'post', number[]> & { preNorm: number[] | null } = {
    input: [],
    pre: [],
    post: [],
    preNorm: null
  }
  tf.tidy(() => {
    forward(m, x, training ? { training: true, seed: 3 } : { training: false }, {
      layer(i: number, t: LayerTensors) {
        if (i !== index) return
        const read = (v: tf.Tensor) => Array.from(v.dataSync())
        out = {
          input: read(t.input),
          pre: read(t.pre),
          post: read(t.post),
          preNorm: t.preNorm ? read(t.preNorm) : null
        }
      }
    })
  })
  return out
}

describe('forward', () => {
  it('computes a dense layer as W x + b followed by the activation, as by hand', async () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [2, 2, 1],
        layers: [{ type: 'dense', units: 3, activation: 'tanh', initializer: 'he-normal' }]
      }),
      2,
      1
    )
    model.params[0]!.bias.assign(tf.tensor1d([0.5, -0.25, 1]))
    const x = tf.tensor4d([0.1, 0.9, -0.4, 0.3], [1, 2, 2, 1])
    const got = traced(model, x, 0, false)
    const w = (await exportWeights(model)).find((t) => t.name === 'dense_1/kernel')!.values
    const b = [0.5, -0.25, 1]
    const xs = [0.1, 0.9, -0.4, 0.3]
    for (let j = 0; j < 3; j++) {
      const pre = xs.reduce((s, xi, i) => s! + xi * w[i * 3 + j]!, b[j])
      expect(got.pre[j]).toBeCloseTo(pre!, 5)
      expect(got.post[j]).toBeCloseTo(Math.tanh(pre!), 5)
    }
    x.dispose()
  })

  it('computes a valid convolution position as the sum of kernel times patch plus bias', async () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [3, 3, 1],
        layers: [
          {
            type: 'conv2d',
            filters: 1,
            kernelSize: 3,
            padding: 'valid',
            activation: 'linear',
            initializer: 'glorot-normal'
          }
        ]
      }),
      2,
      2
    )
    model.params[0]!.bias.assign(tf.tensor1d([0.2]))
    const xs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    const x = tf.tensor4d(xs, [1, 3, 3, 1])
    const k = (await exportWeights(model)).find((t) => t.name === 'conv2d_1/kernel')!.values
    const got = traced(model, x, 0, false)
    expect(got.pre).toHaveLength(1)
    expect(got.pre[0]).toBeCloseTo(
      xs.reduce((s, v, i) => s + v * k[i]!, 0.2),
      5
    )
    x.dispose()
  })

  it('normalizes with batch moments in training mode and with the moving statistics in test mode', () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [1, 4, 1],
        layers: [{ type: 'dense', units: 2, batchNorm: true, activation: 'linear' }]
      }),
      2,
      4
    )
    const x = tf.tensor4d([1, 2, 3, 4, 0, -1, 5, 2, 3, 3, -2, 1], [3, 1, 4, 1])
    const train = traced(model, x, 0, true)
    for (let unit = 0; unit < 2; unit++) {
      const column = [0, 1, 2].map((r) => train.preNorm![r * 2 + unit]!)
      expect(column.reduce((a, b) => a + b) / 3).toBeCloseTo(0, 5)
      expect(column.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 2)
    }
    const test = traced(model, x, 0, false)
    // Moving mean 0 and variance 1 at the start: test mode only rescales by 1/√(1 + ε).
    test.pre.forEach((p, i) => expect(test.preNorm![i]).toBeCloseTo(p / Math.sqrt(1 + 1e-3), 5))
    x.dispose()
  })

  it('drops units with inverted scaling in training mode and keeps all of them in test mode', () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [1, 1, 1],
        layers: [
          {
            type: 'dense',
            units: 400,
            dropout: 0.25,
            activation: 'linear',
            initializer: { type: 'constant', value: 1 }
          }
        ],
        outputInitializer: { type: 'constant', value: 1 }
      }),
      2,
      5
    )
    const x = tf.ones([50, 1, 1, 1]) as tf.Tensor4D
    const hidden = (training: boolean) =>
      tf.tidy(() => {
        let out: number[] = []
        const m = model!
        forward(m, x, training ? { training: true, seed: 9 } : { training: false }, {
          dropoutMask: (_i, mask) => (out = Array.from(mask.dataSync()))
        })
        return out
      })
    const mask = hidden(true)
    const kept = mask.reduce((a, b) => a + b) / mask.length
    expect(kept).toBeGreaterThan(0.72)
    expect(kept).toBeLessThan(0.78)
    expect(hidden(true)).toEqual(mask)
    expect(hidden(false)).toEqual([])
    const logitsTrain = tf.tidy(
      () => forward(model!, x, { training: true, seed: 9 }).sum().dataSync()[0]
    )
    const logitsTest = tf.tidy(() => forward(model!, x, { training: false }).sum().dataSync()[0])
    // Every hidden unit outputs 1 and the output layer sums them: kept units count 1/0.75 each.
    expect(logitsTest).toBeCloseTo(2 * 50 * 400, 0)
    expect(logitsTrain).toBeCloseTo((2 * mask.reduce((a, b) => a + b)) / 0.75, 0)
    x.dispose()
  })

  it('builds parameters with the documented names and shapes, biases at zero', async () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [4, 4, 3],
        layers: [
          { type: 'conv2d', filters: 2, kernelSize: 3, batchNorm: true },
          { type: 'flatten' },
          { type: 'dense', units: 5 }
        ]
      }),
      3,
      6
    )
    const weights = await exportWeights(model)
    expect(weights.map((w) => `${w.name}:${w.shape.join('x')}`)).toEqual([
      'conv2d_1/kernel:3x3x3x2',
      'conv2d_1/bias:2',
      'conv2d_1/gamma:2',
      'conv2d_1/beta:2',
      'conv2d_1/moving_mean:2',
      'conv2d_1/moving_variance:2',
      'dense_1/kernel:32x5',
      'dense_1/bias:5',
      'output/kernel:5x3',
      'output/bias:3'
    ])
    expect(
      weights.filter((w) => w.name.endsWith('/bias')).every((w) => w.values.every((v) => v === 0))
    ).toBe(true)
    const x = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D
    const logits = tf.tidy(() => forward(model!, x, { training: false }))
    expect(logits.shape).toEqual([2, 3])
    tf.dispose([x, logits])
  })

  it('gives the same logits through the fused path as through the traced, unfused one', () => {
    const spec = modelSchema.parse({
      inputShape: [6, 6, 3],
      layers: [
        { type: 'conv2d', filters: 3, kernelSize: 3, initializer: 'he-normal' },
        { type: 'dense', units: 5, activation: 'relu', initializer: 'he-normal' }
      ]
    })
    model = buildModel(spec, 4, 8)
    const x = tf.randomUniform([3, 6, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D
    const read = (trace: boolean) =>
      tf.tidy(() =>
        Array.from(
          forward(
            model!,
            x,
            { training: false },
            trace ? { layer: () => {} } : undefined
          ).dataSync()
        )
      )
    const fused = read(false)
    read(true).forEach((v, i) => expect(v).toBeCloseTo(fused[i]!, 5))
    x.dispose()
  })

  it('trains no bias in a layer with batch norm (it stays 0; beta shifts) and every other bias', async () => {
    model = buildModel(
      modelSchema.parse({
        inputShape: [4, 4, 1],
        layers: [
          { type: 'conv2d', filters: 3, kernelSize: 3, batchNorm: true },
          { type: 'dense', units: 4, batchNorm: true },
          { type: 'dense', units: 4 }
        ]
      }),
      3,
      5
    )
    const [convBn, denseBn, dense, output] = model.params
    expect(model.trainable).not.toContain(convBn!.bias)
    expect(model.trainable).not.toContain(denseBn!.bias)
    expect(model.trainable).toContain(dense!.bias)
    expect(model.trainable).toContain(output!.bias)
    const optimizer = makeOptimizer({ type: 'sgd', learningRate: 0.1 })
    const x = tf.randomNormal([6, 4, 4, 1], 0, 1, 'float32', 7) as tf.Tensor4D
    const labels = Int32Array.from([0, 1, 2, 0, 1, 2])
    for (let step = 0; step < 3; step++) await trainStep(model, optimizer, x, labels, step, false)
    const values = (v: tf.Variable) => Array.from(v.dataSync())
    expect(values(convBn!.bias)).toEqual([0, 0, 0])
    expect(values(denseBn!.bias)).toEqual([0, 0, 0, 0])
    expect(values(denseBn!.batchNorm!.beta).some((b) => b !== 0)).toBe(true)
    expect(values(dense!.bias).some((b) => b !== 0)).toBe(true)
    expect(values(output!.bias).some((b) => b !== 0)).toBe(true)
    optimizer.dispose()
    x.dispose()
  })

  it('initializes identical weights from the same seed on the cpu and wasm backends', async () => {
    const spec = modelSchema.parse({
      inputShape: [5, 5, 1],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, initializer: 'he-normal' },
        { type: 'dense', units: 4 }
      ]
    })
    const weightsOn = async (backend: string) => {
      await tf.setBackend(backend)
      const built = buildModel(spec, 3, 12)
      const weights = await exportWeights(built)
      disposeModel(built)
      return weights
    }
    try {
      expect(await weightsOn('cpu')).toEqual(await weightsOn('wasm'))
    } finally {
      await useTestBackend()
    }
  })
})
