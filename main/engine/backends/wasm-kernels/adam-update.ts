/**
 * One Adam update of one variable in a single pass, for the wasm backend. tfjs's Adam runs about
 * fourteen separate ops per variable (scalar multiplies, adds, divides, a square and a square
 * root), each a full pass over the variable with a fresh output, and on wasm a scalar multiply
 * of a 784×256 kernel falls off XNNPACK's fast path: the optimizer took about a third of an MLP
 * step. This kernel reads the gradient, the moments and the variable once, writes the moments in
 * place when nothing else shares their data, and the variable to a fresh buffer: XNNPACK caches
 * a matMul's packed weights by tensor id, so weights changed in place would go unseen. Blocks of
 * four floats run in a WebAssembly SIMD loop (adam-simd.ts), the last few in JavaScript; both
 * round every intermediate to float32 exactly where tfjs's op chain rounds, so the results equal
 * tfjs's Adam on any backend (the tests check it against cpu). Registered for 'wasm' only.
 */
import type * as tf from '@tensorflow/tfjs'
import { heapFloatsEach, input } from './kernel-calls'
import { adamLoopFor, type AdamLoop, type AdamScalars } from './adam-simd'
import { asWasmBackend, type WasmBackend, wasmBackendMemory } from '../tfjs-internals'

/** The kernel's name in the tfjs registry. Inputs x, m, v, gradient; outputs [x', m', v']. */
export const ADAM_UPDATE = 'TrainscapeAdamUpdate'

/**
 * The step's coefficients as plain numbers. `correction1` and `correction2` are tfjs's
 * 1 − β₁ᵗ and 1 − β₂ᵗ, computed (as tfjs does) in float32.
 */
export interface AdamCoefficients {
  learningRate: number
  beta1: number
  beta2: number
  epsilon: number
  correction1: number
  correction2: number
}

const f = Math.fround

/**
 * Adam on flat float32 arrays of equal length: m' = β₁m + (1−β₁)g, v' = β₂v + (1−β₂)g²,
 * x' = x − lr · (m'/c₁) / (√(v'/c₂) + ε). Writes `out.x`, `out.m`, `out.v`; each may be the
 * same array as its input (the update is elementwise). Only elements `from …` are updated.
 * Does not mutate anything else.
 */
export function adamUpdate(
  x: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  k: AdamCoefficients,
  out: { x: Float32Array; m: Float32Array; v: Float32Array },
  from = 0
): void {
  const {
    beta1: b1,
    beta2: b2,
    keep1,
    keep2,
    epsilon: eps,
    negLearningRate: negLr
  } = float32Scalars(k)
  const [c1, c2] = [f(k.correction1), f(k.correction2)]
  const { x: ox, m: om, v: ov } = out
  for (let i = from; i < g.length; i++) {
    const gi = g[i]!
    const mi = f(f(m[i]! * b1) + f(gi * keep1))
    const vi = f(f(v[i]! * b2) + f(f(gi * gi) * keep2))
    om[i] = mi
    ov[i] = vi
    const denominator = f(f(Math.sqrt(f(vi / c2))) + eps)
    ox[i] = f(f(f(mi / c1) / denominator) * negLr) + x[i]!
  }
}

/** The scalars tfjs makes float32 tensors of, rounded the same way. Pure. */
function float32Scalars(k: AdamCoefficients): AdamScalars {
  return {
    beta1: f(k.beta1),
    beta2: f(k.beta2),
    keep1: f(1 - k.beta1),
    keep2: f(1 - k.beta2),
    correction1: f(k.correction1),
    correction2: f(k.correction2),
    epsilon: f(k.epsilon),
    negLearningRate: f(-k.learningRate)
  }
}

/** The SIMD loop on the backend's memory, or null where it cannot be built (then JS does all). */
function simdLoop(wasm: WasmBackend): AdamLoop | null {
  const memory = wasmBackendMemory(wasm)
  return memory == null ? null : adamLoopFor(memory)
}

/**
 * Whether the SIMD loop runs on `backend` (the wasm backend with WebAssembly SIMD). Without it
 * the kernel is still correct, but its JavaScript loop is slower than tfjs's own ops.
 */
export function adamRunsSimd(backend: unknown): boolean {
  try {
    return simdLoop(asWasmBackend(backend)) != null
  } catch {
    return false
  }
}

/** `info` itself (one more reference) when nothing else holds its data, else a fresh buffer. */
function writable(wasm: WasmBackend, info: tf.TensorInfo): tf.TensorInfo {
  if (wasm.refCount(info.dataId) !== 1) return wasm.makeOutput([...info.shape], 'float32')
  wasm.incRef(info.dataId)
  return { dataId: info.dataId, shape: [...info.shape], dtype: info.dtype }
}

function checkInputs(infos: [tf.TensorInfo, ...tf.TensorInfo[]]): void {
  const size = infos[0].shape.reduce((a, b) => a * b, 1)
  for (const info of infos) {
    const n = info.shape.reduce((a, b) => a * b, 1)
    if (info.dtype !== 'float32' || n !== size) {
      throw new Error(
        `${ADAM_UPDATE} needs float32 x, m, v and gradient of one size; got ${info.dtype} [${info.shape.join(', ')}].`
      )
    }
  }
}

/** The kernel function: inputs { x, m, v, gradient }, attrs AdamCoefficients. */
export const adamUpdateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend)
  const [x, m, v, g] = [
    input(inputs, 'x'),
    input(inputs, 'm'),
    input(inputs, 'v'),
    input(inputs, 'gradient')
  ]
  checkInputs([x, m, v, g])
  const outs: [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo] = [
    wasm.makeOutput([...x.shape], 'float32'),
    writable(wasm, m),
    writable(wasm, v)
  ]
  // Views taken after every allocation: makeOutput may grow (and move) the heap.
  const [xs, ms, vs, gs] = heapFloatsEach(wasm, [x, m, v, g])
  const [ox, om, ov] = heapFloatsEach(wasm, outs)
  const k = attrs as unknown as AdamCoefficients
  const loop = simdLoop(wasm)
  // SIMD does whole blocks of four; JavaScript the last few (and everything without SIMD).
  const blocks = loop ? gs.length - (gs.length % 4) : 0
  if (loop && blocks > 0) {
    const at = (view: Float32Array): number => view.byteOffset
    loop(at(xs), at(ms), at(vs), at(gs), at(ox), blocks, float32Scalars(k))
  }
  adamUpdate(xs, ms, vs, gs, k, { x: ox, m: om, v: ov }, blocks)
  return outs
}
