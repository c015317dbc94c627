import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import { seeded, TOLERANCE, wasmVersusCpu, type Loss } from './cpu-reference'

// A whole training step on wasm: the stock kernels the replaced ones work with, and learning.
describe('training on wasm', () => {
  it('matches cpu gradients through every other op a Trainscape net uses', async () => {
    // Fused conv + bias, batch-norm moments, all five activations, both pools, a dropout-style
    // mask, fused dense, softmax cross-entropy.
    const loss: Loss = (x, filter, bias, kernel) => {
      const h = tf.fused.conv2d({
        x: x as tf.Tensor4D,
        filter: filter as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        bias
      })
      const { mean, variance } = tf.moments(h, [0, 1, 2])
      const n = tf.mul(tf.sub(h, mean), tf.rsqrt(tf.add(variance, 1e-3)))
      const a = tf.addN([
        tf.relu(n),
        tf.leakyRelu(n, 0.1),
        tf.elu(n),
        tf.tanh(n),
        tf.sigmoid(n)
      ]) as tf.Tensor4D
      const pooled = tf.add(tf.maxPool(a, 2, 2, 'valid'), tf.avgPool(a, 2, 2, 'valid'))
      const flat = tf.reshape(pooled, [x.shape[0], -1])
      const mask = tf.cast(
        tf.less(tf.tensor(seeded(flat.shape, 8).values, flat.shape), 0.5),
        'float32'
      )
      const logits = tf.fused.matMul({ a: tf.mul(flat, mask), b: kernel })
      const labels = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3)
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar
    }
    const inputs = [
      seeded([3, 6, 6, 2], 1),
      seeded([3, 3, 2, 4], 2),
      seeded([4], 3),
      seeded([36, 3], 4)
    ]
    expect(await wasmVersusCpu(loss, inputs)).toBeLessThan(TOLERANCE)
  })

  it('lowers the loss of a tiny CNN (conv, relu, max pool, dense) over a few steps', async () => {
    await resolveBackend('wasm')
    // Label: is the left half of the image brighter than the right half?
    const images = seeded([32, 8, 8, 1], 11)
    const labels = Array.from({ length: 32 }, (_, i) => {
      let left = 0
      for (let p = 0; p < 64; p++) left += (p % 8 < 4 ? 1 : -1) * images.values[i * 64 + p]!
      return left > 0 ? 1 : 0
    })
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 })
        }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
      ]
    })
    const x = tf.tensor4d(images.values, [32, 8, 8, 1])
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2)
    const optimizer = tf.train.adam(0.05)
    const losses: number[] = []
    for (let step = 0; step < 15; step++) {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar,
        true
      )
      losses.push(loss?.dataSync()[0] ?? NaN)
      loss?.dispose()
    }
    expect(losses.every(Number.isFinite)).toBe(true)
    expect(losses[14]).toBeLessThan(0.7 * losses[0]!)
    tf.dispose([x, y])
    model.dispose()
    optimizer.dispose()
  })
})
