/**
 * Batch norm in training mode as two kernels for the wasm backend. Composed from tfjs ops, the
 * batch moments, the normalization and their gradients are about twenty passes over the
 * layer's pre-activations, each with a fresh output and, for the per-channel broadcasts, a
 * reduction: on the cnn-batchnorm preset batch norm made a training step 1.6 times as long as
 * without it. Here the forward pass reads the input twice (the moments, then y) and the backward
 * pass reads dy and x twice (two per-channel sums, then dx). Both passes run as WebAssembly
 * SIMD loops on the backend's memory (batch-norm-passes.ts); the JavaScript loops here, with
 * sums in float64, are the reference the tests hold them to and the fallback without SIMD.
 * Registered for 'wasm' only; main/engine/model/batch-norm.ts uses them where they exist and
 * the composed ops elsewhere, and the tests check one against the other.
 */
import * as tf from '@tensorflow/tfjs'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'
import { asWasmBackend, heapFloatsEach, input } from './kernel-calls'
import { batchNormLoopsFor, type BatchNormLoops } from './batch-norm-simd'
import { batchNormBackwardSimd, batchNormForwardSimd, scratchFloats } from './batch-norm-passes'
import { backendMemory } from './simd-assembly'

/** Inputs x [..., C], gamma [C], beta [C]; attr epsilon; outputs [y, mean [C], variance [C]]. */
export const BATCH_NORM_FORWARD = 'TrainscapeBatchNormForward'
/**
 * Inputs dy, x [..., C], mean, variance, gamma [C]; attr epsilon; outputs
 * [dx, dgamma [C], dbeta [C]].
 */
export const BATCH_NORM_BACKWARD = 'TrainscapeBatchNormBackward'

export interface BatchNormAttrs {
  epsilon: number
}

/**
 * Per-channel mean and (biased) variance of row-major `x` [rows × channels], then
 * y = (x − mean) · gamma / √(variance + ε) + beta. Writes `y`, `mean`, `variance`.
 */
export function batchNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array }
): void {
  const channels = gamma.length
  const rows = x.length / channels
  const sum = new Float64Array(channels)
  const squares = new Float64Array(channels)
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) {
      const v = x[i]!
      sum[c]! += v
      squares[c]! += v * v
    }
  }
  const scale = new Float64Array(channels)
  const shift = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    const mean = sum[c]! / rows
    const variance = Math.max(0, squares[c]! / rows - mean * mean)
    out.mean[c] = mean
    out.variance[c] = variance
    scale[c] = gamma[c]! / Math.sqrt(variance + epsilon)
    shift[c] = beta[c]! - mean * scale[c]!
  }
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) out.y[i] = x[i]! * scale[c]! + shift[c]!
  }
}

/**
 * Gradients of batchNormForward's y: with x̂ = (x − mean)/σ and σ = √(variance + ε),
 * dbeta = Σ dy, dgamma = Σ dy·x̂ and dx = (gamma/σ)·(dy − dbeta/N − x̂·dgamma/N), sums over
 * the N rows of each channel. Writes `dx`, `dgamma`, `dbeta`.
 */
export function batchNormBackward(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  out: { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array }
): void {
  const channels = gamma.length
  const rows = x.length / channels
  const sumDy = new Float64Array(channels)
  const sumDyCentred = new Float64Array(channels)
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) {
      const g = dy[i]!
      sumDy[c]! += g
      sumDyCentred[c]! += g * (x[i]! - mean[c]!)
    }
  }
  // dx = a·dy + b·x + k per channel, with x̂ = (x − mean)/σ expanded.
  const a = new Float64Array(channels)
  const b = new Float64Array(channels)
  const k = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c]! + epsilon)
    const dgamma = sumDyCentred[c]! * invStd
    out.dgamma[c] = dgamma
    out.dbeta[c] = sumDy[c]!
    a[c] = gamma[c]! * invStd
    b[c] = -a[c]! * invStd * (dgamma / rows)
    k[c] = -a[c]! * (sumDy[c]! / rows) - b[c]! * mean[c]!
  }
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) out.dx[i] = a[c]! * dy[i]! + b[c]! * x[i]! + k[c]!
  }
}

/** The SIMD loops on the backend's memory, or null where they cannot be built (then JS does all). */
function simdLoops(wasm: BackendWasm): BatchNormLoops | null {
  const memory = backendMemory(wasm)
  return memory == null ? null : batchNormLoopsFor(memory)
}

/** Whether the kernels run their SIMD loops on `backend` (the wasm backend with WebAssembly SIMD). */
export function batchNormRunsSimd(backend: unknown): boolean {
  try {
    return simdLoops(asWasmBackend(backend)) != null
  } catch {
    return false
  }
}

function epsilonOf(attrs: tf.NamedAttrMap | undefined): number {
  const epsilon = (attrs as unknown as BatchNormAttrs | undefined)?.epsilon
  if (typeof epsilon !== 'number' || !(epsilon > 0)) {
    throw new Error(`Batch norm needs a positive epsilon, got ${String(epsilon)}.`)
  }
  return epsilon
}

function checkChannels(x: tf.TensorInfo, ...perChannel: tf.TensorInfo[]): void {
  const channels = x.shape.at(-1)
  for (const t of [x, ...perChannel]) {
    if (t.dtype !== 'float32') throw new Error(`Batch norm takes float32, got ${t.dtype}.`)
  }
  if (perChannel.some((t) => t.shape.length !== 1 || t.shape[0] !== channels)) {
    throw new Error(`Batch norm's per-channel inputs must have ${channels} values.`)
  }
}

export const batchNormForwardKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend)
  const [x, gamma, beta] = ['x', 'gamma', 'beta'].map((name) => input(inputs, name)) as [
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo
  ]
  checkChannels(x, gamma, beta)
  const epsilon = epsilonOf(attrs)
  const outputs = [
    wasm.makeOutput([...x.shape], 'float32'),
    wasm.makeOutput([...gamma.shape], 'float32'),
    wasm.makeOutput([...gamma.shape], 'float32')
  ] as const
  const loops = simdLoops(wasm)
  const scratch = loops && wasm.makeOutput([scratchFloats(gamma.shape[0]!)], 'float32')
  // Views taken after every allocation: makeOutput may grow (and move) the heap.
  const [xs, gs, bs, y, mean, variance] = heapFloatsEach(wasm, [x, gamma, beta, ...outputs])
  if (loops && scratch) {
    const [scratchView] = heapFloatsEach(wasm, [scratch])
    batchNormForwardSimd(loops, xs, gs, bs, epsilon, { y, mean, variance }, scratchView)
    wasm.disposeData(scratch.dataId)
  } else {
    batchNormForward(xs, gs, bs, epsilon, { y, mean, variance })
  }
  return [...outputs]
}

export const batchNormBackwardKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend)
  const names = ['dy', 'x', 'mean', 'variance', 'gamma']
  const [dy, x, mean, variance, gamma] = names.map((name) => input(inputs, name)) as [
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo,
    tf.TensorInfo
  ]
  checkChannels(x, mean, variance, gamma)
  if (!tf.util.arraysEqual(dy.shape, x.shape))
    throw new Error('Batch norm: dy and x differ in shape.')
  const epsilon = epsilonOf(attrs)
  const outputs = [
    wasm.makeOutput([...x.shape], 'float32'),
    wasm.makeOutput([...gamma.shape], 'float32'),
    wasm.makeOutput([...gamma.shape], 'float32')
  ] as const
  const loops = simdLoops(wasm)
  const scratch = loops && wasm.makeOutput([scratchFloats(gamma.shape[0]!)], 'float32')
  const views = heapFloatsEach(wasm, [dy, x, mean, variance, gamma, ...outputs])
  const [dys, xs, means, variances, gammas, dx, dgamma, dbeta] = views
  const out = { dx, dgamma, dbeta }
  if (loops && scratch) {
    const [scratchView] = heapFloatsEach(wasm, [scratch])
    batchNormBackwardSimd(loops, dys, xs, means, variances, gammas, epsilon, out, scratchView)
    wasm.disposeData(scratch.dataId)
  } else {
    batchNormBackward(dys, xs, means, variances, gammas, epsilon, out)
  }
  return [...outputs]
}
