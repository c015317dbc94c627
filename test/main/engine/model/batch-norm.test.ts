import * as tf from '@tensorflow/tfjs'
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import {
  BATCH_NORM_FORWARD,
  batchNormRunsSimd
} from '../../../../main/engine/backends/wasm-kernels/batch-norm'
import { wasmBackendMemory } from '../../../../main/engine/backends/tfjs-internals'
import { batchNormTraining } from '../../../../main/engine/model/batch-norm'
import { seeded, worstDifference } from '../backends/cpu-reference'

// Training-mode batch norm: the wasm kernels (forward and the registered gradient, through their
// SIMD loops) against the composed tfjs ops on the pure-JS cpu backend, for conv-shaped and
// dense-shaped inputs and channel counts with and without a tail after blocks of four, on the
// single-threaded wasm build and on the multi-threaded one (whose memory is shared).

const SHAPES = [
  [6, 5, 5, 8],
  [4, 3, 3, 7],
  [16, 12],
  [9, 1]
]

/** y, mean, variance, and the gradients of Σ y·w in h, gamma and beta, as plain arrays. */
async function outcome(
  backend: 'cpu' | 'wasm',
  shape: number[],
  threads?: number
): Promise<Float32Array[]> {
  await resolveBackend(backend, { threads })
  const channels = shape.at(-1)!
  const tensors = tf.tidy(() => {
    // Inputs off centre and with a spread far from 1, as pre-activations are.
    const h = tf.add(tf.mul(tf.tensor(seeded(shape, 3).values, shape), 4), 1.5)
    const gamma = tf.add(tf.tensor(seeded([channels], 4).values), 1)
    const beta = tf.tensor(seeded([channels], 5).values)
    const w = tf.tensor(seeded(shape, 6).values, shape)
    const { y, mean, variance } = batchNormTraining(h, gamma, beta, 1e-3)
    const grads = tf.grads((hh: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(batchNormTraining(hh, g, b, 1e-3).y, w))
    )([h, gamma, beta])
    return [y, mean, variance, ...grads]
  })
  const out = await Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array))
  tf.dispose(tensors)
  return out
}

describe('batchNormTraining', () => {
  it('runs the batch-norm kernels on wasm and composed ops elsewhere', async () => {
    await resolveBackend('wasm')
    expect(tf.getKernel(BATCH_NORM_FORWARD, 'wasm')).toBeDefined()
    expect(tf.getKernel(BATCH_NORM_FORWARD, 'cpu')).toBeUndefined()
  })

  it.each([1, 2])(
    'runs their SIMD loops on the wasm backend with %i thread(s)',
    async (threads) => {
      await resolveBackend('wasm', { threads })
      expect(getThreadsCount()).toBe(threads)
      const memory = wasmBackendMemory(tf.backend())
      expect(memory?.buffer instanceof SharedArrayBuffer).toBe(threads > 1)
      expect(batchNormRunsSimd(tf.backend())).toBe(true)
    }
  )

  for (const threads of [1, 2]) {
    for (const shape of SHAPES) {
      const name = `gives cpu's values and gradients on wasm (${threads} thread(s)) for [${shape.join(', ')}]`
      it(name, async () => {
        const cpu = await outcome('cpu', shape)
        const wasm = await outcome('wasm', shape, threads)
        expect(worstDifference(cpu, wasm)).toBeLessThan(2e-5)
        expect(wasm.every((values) => values.every(Number.isFinite))).toBe(true)
      })
    }
  }

  it('leaves no tensors behind on wasm, with or without a gradient', async () => {
    await resolveBackend('wasm')
    const before = tf.memory().numTensors
    tf.tidy(() => {
      const h = tf.tensor(seeded([8, 4, 4, 6], 9).values, [8, 4, 4, 6])
      const gamma = tf.variable(tf.ones([6]))
      const beta = tf.variable(tf.zeros([6]))
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(batchNormTraining(h, gamma, beta, 1e-3).y)) as tf.Scalar,
        [gamma, beta]
      )
      tf.dispose([gamma, beta, ...Object.values(grads)])
    })
    expect(tf.memory().numTensors).toBe(before)
  })
})
