/**
 * SGD and momentum updates of one variable in a single pass, for the wasm backend (the Adam
 * counterpart is adam-update.ts). tfjs runs two ops per variable for SGD and four for momentum,
 * each a full pass with a fresh output. These kernels write the new variable to a fresh buffer
 * (XNNPACK caches a matMul's packed weights by tensor id) and momentum's accumulation in place
 * when nothing else shares it. Four-lane blocks run in a WebAssembly SIMD loop (wat/sgd.wat,
 * wat/momentum.wat), the last few floats in JavaScript; both round like tfjs's op chain, so results equal tfjs's optimizers.
 * Registered for 'wasm' only.
 */
import type * as tf from '@tensorflow/tfjs'
import { heapFloatsEach, input } from './kernel-calls'
import { momentumLoopsFor, type MomentumLoops } from './momentum-simd'
import { asWasmBackend, type WasmBackend, wasmBackendMemory } from '../tfjs-internals'

/** Inputs x, gradient; attrs { learningRate }; output x'. */
export const SGD_UPDATE = 'TrainscapeSgdUpdate'
/** Inputs x, accumulation, gradient; attrs { learningRate, momentum }; outputs [x', a']. */
export const MOMENTUM_UPDATE = 'TrainscapeMomentumUpdate'

const f = Math.fround

/**
 * a' = m·a + g, x' = (−lr)·a' + x on flat float32 arrays from index `from` (momentum null: plain
 * SGD, x' = (−lr)·g + x, `a` unused). Writes `out.x` and (momentum) `out.a`, which may alias `a`.
 */
export function momentumUpdate(
  x: Float32Array,
  a: Float32Array | null,
  g: Float32Array,
  k: { learningRate: number; momentum: number | null },
  out: { x: Float32Array; a: Float32Array | null },
  from = 0
): void {
  const c = f(-k.learningRate)
  if (k.momentum == null || a == null || out.a == null) {
    for (let i = from; i < g.length; i++) out.x[i] = f(c * g[i]!) + x[i]!
    return
  }
  const m = f(k.momentum)
  for (let i = from; i < g.length; i++) {
    const ai = f(f(m * a[i]!) + g[i]!)
    out.a[i] = ai
    out.x[i] = f(c * ai) + x[i]!
  }
}

function sameSizeFloats(name: string, infos: [tf.TensorInfo, ...tf.TensorInfo[]]): void {
  const size = (info: tf.TensorInfo): number => info.shape.reduce((p, q) => p * q, 1)
  for (const info of infos) {
    if (info.dtype !== 'float32' || size(info) !== size(infos[0])) {
      throw new Error(
        `${name} needs float32 inputs of one size; got ${info.dtype} [${info.shape}].`
      )
    }
  }
}

function loopsOf(wasm: WasmBackend): MomentumLoops | null {
  const memory = wasmBackendMemory(wasm)
  return memory ? momentumLoopsFor(memory) : null
}

/** Whether the SIMD loops run on `backend` (the wasm backend with WebAssembly SIMD). */
export function momentumRunsSimd(backend: unknown): boolean {
  try {
    return loopsOf(asWasmBackend(backend)) != null
  } catch {
    return false
  }
}

/** The SGD kernel function. */
export const sgdUpdateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend)
  const [x, g] = [input(inputs, 'x'), input(inputs, 'gradient')]
  sameSizeFloats(SGD_UPDATE, [x, g])
  const out = wasm.makeOutput([...x.shape], 'float32')
  const [xs, gs, os] = heapFloatsEach(wasm, [x, g, out])
  const { learningRate } = attrs as unknown as { learningRate: number }
  const k = { learningRate, momentum: null }
  const loops = loopsOf(wasm)
  const blocks = loops ? gs.length - (gs.length % 4) : 0
  if (loops && blocks > 0)
    loops.sgd(xs.byteOffset, gs.byteOffset, os.byteOffset, blocks, f(-k.learningRate))
  momentumUpdate(xs, null, gs, k, { x: os, a: null }, blocks)
  return out
}

/** The momentum kernel function. */
export const momentumUpdateKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = asWasmBackend(backend)
  const [x, a, g] = [input(inputs, 'x'), input(inputs, 'accumulation'), input(inputs, 'gradient')]
  sameSizeFloats(MOMENTUM_UPDATE, [x, a, g])
  const outX = wasm.makeOutput([...x.shape], 'float32')
  let outA: tf.TensorInfo
  if (wasm.refCount(a.dataId) === 1) {
    wasm.incRef(a.dataId)
    outA = { dataId: a.dataId, shape: [...a.shape], dtype: a.dtype }
  } else {
    outA = wasm.makeOutput([...a.shape], 'float32')
  }
  // Views after every allocation: makeOutput may grow (and move) the heap.
  const [xs, as, gs, oxs, oas] = heapFloatsEach(wasm, [x, a, g, outX, outA])
  const k = attrs as unknown as { learningRate: number; momentum: number }
  const loops = loopsOf(wasm)
  const blocks = loops ? gs.length - (gs.length % 4) : 0
  if (loops && blocks > 0) {
    const at = [
      xs.byteOffset,
      as.byteOffset,
      gs.byteOffset,
      oxs.byteOffset,
      oas.byteOffset
    ] as const
    loops.momentum(...at, blocks, f(k.momentum), f(-k.learningRate))
  }
  momentumUpdate(xs, as, gs, k, { x: oxs, a: oas }, blocks)
  return [outX, outA]
}
