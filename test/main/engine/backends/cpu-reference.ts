/**
 * Gradient checks against the pure-JS cpu backend, shared by the wasm and webgpu tests: seeded
 * inputs, gradients on a named backend, and the largest relative difference. Not a test file.
 */
import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'
import { resolveBackend, type BackendName } from '../../../../main/engine/backends/resolve'

export interface Input {
  values: Float32Array
  shape: number[]
}

/** Deterministic values in [-1, 1) so a failure reproduces. */
export function seeded(shape: number[], seed: number): Input {
  const size = shape.reduce((a, b) => a * b, 1)
  const values = new Float32Array(size)
  let state = seed * 2654435761
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    values[i] = state / 2 ** 31 - 1
  }
  return { values, shape }
}

export type Loss = (...xs: tf.Tensor[]) => tf.Scalar

/**
 * Gradients of `loss` with respect to every input, computed on `backend`, as plain arrays.
 * `threads`: wasm's thread count; default one per core.
 */
export async function gradientsOn(
  backend: BackendName,
  loss: Loss,
  inputs: Input[],
  threads?: number
): Promise<Float32Array[]> {
  await resolveBackend(backend, { threads })
  const grads = tf.tidy(() => {
    const xs = inputs.map((x) => tf.tensor(x.values, x.shape))
    return tf.grads(loss)(xs)
  })
  // data(), not dataSync(): WebGPU in Node has no synchronous readback.
  const out = await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array))
  tf.dispose(grads)
  return out
}

/** Largest |a − cpu| over all arrays, relative to the largest cpu magnitude (at least 1). */
export function worstDifference(cpu: Float32Array[], other: Float32Array[]): number {
  let worst = 0
  cpu.forEach((c, k) => {
    expect(other[k]!.length).toBe(c.length)
    const scale = Math.max(1, ...c.map(Math.abs))
    for (let i = 0; i < c.length; i++)
      worst = Math.max(worst, Math.abs(other[k]![i]! - c[i]!) / scale)
  })
  return worst
}

/** Largest |backend − cpu| over all gradients, relative to the largest cpu magnitude (≥ 1). */
export async function versusCpu(
  backend: BackendName,
  loss: Loss,
  inputs: Input[],
  threads?: number
): Promise<number> {
  const cpu = await gradientsOn('cpu', loss, inputs)
  return worstDifference(cpu, await gradientsOn(backend, loss, inputs, threads))
}

/** Largest |wasm − cpu| over all gradients, relative to the largest cpu magnitude (at least 1). */
export async function wasmVersusCpu(
  loss: Loss,
  inputs: Input[],
  threads?: number
): Promise<number> {
  return versusCpu('wasm', loss, inputs, threads)
}

/** A weighted sum, so each output element gets its own upstream gradient. */
export function weightedSum(y: tf.Tensor, seed: number): tf.Scalar {
  const w = seeded(y.shape, seed)
  return tf.sum(tf.mul(y, tf.tensor(w.values, w.shape)))
}

export const TOLERANCE = 1e-5

/**
 * A loss through every other op a Trainscape net uses: fused conv + bias, batch-norm moments,
 * all five activations, both pools, a dropout-style mask, fused dense, softmax cross-entropy.
 */
export const everyOpLoss: Loss = (x, filter, bias, kernel) => {
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
  const mask = tf.cast(tf.less(tf.tensor(seeded(flat.shape, 8).values, flat.shape), 0.5), 'float32')
  const logits = tf.fused.matMul({ a: tf.mul(flat, mask), b: kernel })
  const labels = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3)
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar
}
/** Inputs of everyOpLoss: x, conv filter, conv bias, dense kernel. */
export function everyOpInputs(): Input[] {
  return [seeded([3, 6, 6, 2], 1), seeded([3, 3, 2, 4], 2), seeded([4], 3), seeded([36, 3], 4)]
}
