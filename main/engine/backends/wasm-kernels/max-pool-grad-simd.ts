/**
 * The gradient of a 2×2, stride-2 max pool (every CNN preset's pool) as a WebAssembly SIMD
 * loop (wat/max-pool-grad.wat) on the wasm backend's memory, four channels at a time. The windows tile
 * the input exactly, so each input position gets either its window's dy (when it is the window's
 * first maximum in row order) or 0: the loop writes all of dX and needs no zeroing. The strict
 * comparisons against a running maximum that starts at −∞ are the JavaScript loop's
 * (max-pool-grad.ts), lane by lane, so NaN never wins and ties go to the first position.
 */
import * as tf from '@tensorflow/tfjs'
import { kernelBytes, loopsPerMemory, type WasmMemory } from './wasm-loops'

/** Whether `info` is a 2×2, stride-2 pool whose windows tile the input, channels a multiple of 4. */
export function tiles2x2(info: tf.backend_util.Conv2DInfo): boolean {
  const { padInfo: pad } = info
  return (
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    pad.top === 0 &&
    pad.left === 0 &&
    info.inHeight === 2 * info.outHeight &&
    info.inWidth === 2 * info.outWidth &&
    info.inChannels % 4 === 0
  )
}

/** The pool loop bound to a memory (compiled once per memory); null without WebAssembly SIMD. */
const poolFor = loopsPerMemory({ pool: kernelBytes('maxPoolGrad') }, ({ pool }) => pool)

/**
 * Writes all of dx from x and dy (byte offsets in `memory`) for a pool `tiles2x2` accepts.
 * Compiles the module once per memory; returns false (writing nothing) without WebAssembly SIMD.
 */
export function maxPoolGrad2x2(
  memory: WasmMemory,
  at: { x: number; dy: number; dx: number },
  info: tf.backend_util.Conv2DInfo
): boolean {
  const pool = poolFor(memory)
  if (pool == null) return false
  const cBytes = info.inChannels * 4
  const pitch = info.inWidth * cBytes
  const outRowBytes = info.outWidth * cBytes
  for (let r = 0; r < info.batchSize * info.outHeight; r++) {
    const input = r * 2 * pitch
    pool(at.x + input, at.dy + r * outRowBytes, at.dx + input, info.outWidth, cBytes, pitch)
  }
  return true
}
