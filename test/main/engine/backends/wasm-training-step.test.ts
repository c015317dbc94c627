import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import { everyOpInputs, everyOpLoss, seeded, TOLERANCE, wasmVersusCpu } from './cpu-reference'

// A whole training step on wasm: the stock kernels the replaced ones work with, and learning.
describe('training on wasm', () => {
  it('matches cpu gradients through every other op a Trainscape net uses', async () => {
    expect(await wasmVersusCpu(everyOpLoss, everyOpInputs())).toBeLessThan(TOLERANCE)
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
