/**
 * One optimizer step's measurements against the weights themselves: on a probe step the update
 * ratio is ‖W_after − W_before‖ / ‖W_before‖ and, under plain SGD (ΔW = −η·g), the gradient norm
 * is ‖ΔW‖ / η, both computed here in float64 from the downloaded kernels.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildModel } from '../../../../main/engine/model/model'
import { makeOptimizer } from '../../../../main/engine/trainer/optimizer'
import { trainStep } from '../../../../main/engine/trainer/train-step'
import { testConfig, useTestBackend } from '../test-backend'

beforeAll(useTestBackend)

const LEARNING_RATE = 0.1

function norm(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!
  return Math.sqrt(sum)
}

function difference(a: Float32Array, b: Float32Array): Float64Array {
  return Float64Array.from(a, (v, i) => v - b[i]!)
}

describe('trainStep', () => {
  it('measures each layer’s gradient norm and update ratio as the kernels moved', async () => {
    const config = testConfig([{ type: 'flatten' }, { type: 'dense', units: 16 }], {
      training: { optimizer: { type: 'sgd', learningRate: LEARNING_RATE } }
    })
    const model = buildModel(config.model, 3, 1)
    const optimizer = makeOptimizer(config.training.optimizer)
    const x = tf.randomUniform([32, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D
    const labels = Int32Array.from({ length: 32 }, (_, i) => i % 3)
    const before = model.params.map((p) => p.kernel.dataSync().slice() as Float32Array)
    const outcome = await trainStep(model, optimizer, x, labels, 1, true)
    const after = model.params.map((p) => p.kernel.dataSync() as Float32Array)
    expect(outcome.extras).not.toBeNull()
    const { gradNorm, updateRatio } = outcome.extras!
    expect(gradNorm).toHaveLength(model.params.length)
    model.params.forEach((_, i) => {
      const moved = norm(difference(after[i]!, before[i]!))
      expect(moved).toBeGreaterThan(0)
      expect(updateRatio[i]! / (moved / norm(before[i]!))).toBeCloseTo(1, 3)
      expect(gradNorm[i]! / (moved / LEARNING_RATE)).toBeCloseTo(1, 3)
    })
    const plain = await trainStep(model, optimizer, x, labels, 2, false)
    expect(plain.extras).toBeNull()
    tf.dispose([x])
    optimizer.dispose()
  })
})
