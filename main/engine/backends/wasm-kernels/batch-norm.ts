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
import { heapFloats, heapFloatsEach, input } from './kernel-calls'
import { batchNormLoopsFor, type BatchNormLoops } from './batch-norm-simd'
import { batchNormBackwardSimd, batchNormForwardSimd, scratchFloats } from './batch-norm-passes'
import { channelSums, gradientCoefficients } from './batch-norm-sums'
import { asWasmBackend, type WasmBackend, wasmBackendMemory } from '../tfjs-internals'

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
  // Σx and Σx² (centre 0).
  const sums = channelSums(x, new Float32Array(channels))
  const scale = new Float64Array(channels)
  const shift = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    const mean = sums.a[c]! / rows
    const variance = Math.max(0, sums.b[c]! / rows - mean * mean)
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
  // Σdy and Σdy·(x − mean).
  const sums = channelSums(x, mean, dy)
  const { a, b, k } = gradientCoefficients(sums, variance, gamma, epsilon, rows, out)
  // dx = a·dy + b·x + (k − b·mean): the centred form expanded.
  for (let c = 0; c < channels; c++) k[c] = k[c]! - b[c]! * mean[c]!
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < channels; c++, i++) out.dx[i] = a[c]! * dy[i]! + b[c]! * x[i]! + k[c]!
  }
}

/** The SIMD loops on the backend's memory, or null where they cannot be built (then JS does all). */
function simdLoops(wasm: WasmBackend): BatchNormLoops | null {
  const memory = wasmBackendMemory(wasm)
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

type Views<T extends readonly tf.TensorInfo[]> = { -readonly [K in keyof T]: Float32Array }
type OutputViews = [Float32Array, Float32Array, Float32Array]
type Simd = { loops: BatchNormLoops; scratch: Float32Array } | null

/**
 * What both kernels do around their pass: makes the three outputs (x's shape, then two of
 * `channels` values), takes heap views of `inputs` and the outputs, and runs `pass` on them with
 * the SIMD loops and a heap scratch where the loops exist (else null: the JavaScript loops).
 * Returns the outputs; the scratch is freed.
 */
function runPass<T extends readonly tf.TensorInfo[]>(
  wasm: WasmBackend,
  x: tf.TensorInfo,
  channels: number,
  inputs: T,
  pass: (inputs: Views<T>, outputs: OutputViews, simd: Simd) => void
): tf.TensorInfo[] {
  const outputs = [
    wasm.makeOutput([...x.shape], 'float32'),
    wasm.makeOutput([channels], 'float32'),
    wasm.makeOutput([channels], 'float32')
  ] as const
  const loops = simdLoops(wasm)
  const scratch = loops && wasm.makeOutput([scratchFloats(channels)], 'float32')
  // Views taken after every allocation: makeOutput may grow (and move) the heap.
  const views = [heapFloatsEach(wasm, inputs), heapFloatsEach(wasm, outputs)] as const
  if (loops && scratch) {
    pass(...views, { loops, scratch: heapFloats(wasm, scratch) })
    wasm.disposeData(scratch.dataId)
  } else {
    pass(...views, null)
  }
  return [...outputs]
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
  const ins = [x, gamma, beta] as const
  return runPass(wasm, x, gamma.shape[0]!, ins, (views, [y, mean, variance], simd) => {
    const out = { y, mean, variance }
    if (simd) batchNormForwardSimd(simd.loops, ...views, epsilon, out, simd.scratch)
    else batchNormForward(...views, epsilon, out)
  })
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
  const ins = [dy, x, mean, variance, gamma] as const
  return runPass(wasm, x, gamma.shape[0]!, ins, (views, [dx, dgamma, dbeta], simd) => {
    const out = { dx, dgamma, dbeta }
    if (simd) batchNormBackwardSimd(simd.loops, ...views, epsilon, out, simd.scratch)
    else batchNormBackward(...views, epsilon, out)
  })
}
