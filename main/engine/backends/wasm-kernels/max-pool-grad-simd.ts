/**
 * The gradient of a 2×2, stride-2 max pool (every CNN preset's pool) as a hand-assembled
 * WebAssembly SIMD loop on the wasm backend's memory, four channels at a time. The windows tile
 * the input exactly, so each input position gets either its window's dy (when it is the window's
 * first maximum in row order) or 0: the loop writes all of dX and needs no zeroing. The strict
 * comparisons against a running maximum that starts at −∞ are the JavaScript loop's
 * (max-pool-grad.ts), lane by lane, so NaN never wins and ties go to the first position.
 */
import * as tf from '@tensorflow/tfjs'
import {
  advance,
  get,
  I32_ADD,
  i32,
  loopsPerMemory,
  loopUntil,
  moduleBytes,
  set,
  v128,
  type WasmMemory
} from './simd-assembly'

// Parameters: x and dx at the top-left of a pair of input rows, dy at that row of outputs (byte
// offsets), the windows in the row, channels · 4 and the input row pitch in bytes.
const [X_ROW, DY_ROW, DX_ROW, WINDOWS, C_BYTES, PITCH] = [0, 1, 2, 3, 4, 5]
// i32 locals, then v128 locals.
const [K, J, P, DELTA, XW, YW] = [6, 7, 8, 9, 10, 11]
const [NEG_INF, A, B, C, D, BEST, W0, W1, W2, W3, DY] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]
const I32_SUB = 0x6b
const { load, store, and, andNot, bitselect, f32x4Gt: gt } = v128

const plus = (...locals: number[]): number[] =>
  locals.flatMap((l, k) => (k === 0 ? get(l) : [...get(l), I32_ADD]))

/** best ← `value` where value > best (strict: NaN never wins); `mask` ← that comparison. */
const challenge = (value: number, mask: number): number[] => [
  ...[...get(value), ...get(BEST), ...gt, ...set(mask)],
  ...[...get(value), ...get(BEST), ...get(mask), ...bitselect, ...set(BEST)]
]

/** dx at the position `address` (an x address) ← dy where `selected` (a mask expression). */
const write = (address: number[], selected: number[]): number[] => [
  ...address,
  ...get(DELTA),
  I32_ADD,
  ...get(DY),
  ...selected,
  ...and,
  ...store
]

function channelBlock(): number[] {
  const loads = [
    ...[...plus(XW, J), ...set(P), ...get(P), ...load, ...set(A)],
    ...[...plus(P, C_BYTES), ...load, ...set(B), ...plus(P, PITCH), ...load, ...set(C)],
    ...[...plus(P, PITCH, C_BYTES), ...load, ...set(D), ...plus(YW, J), ...load, ...set(DY)]
  ]
  const compare = [
    ...[...get(NEG_INF), ...set(BEST)],
    ...[...challenge(A, W0), ...challenge(B, W1), ...challenge(C, W2)],
    ...[...get(D), ...get(BEST), ...gt, ...set(W3)]
  ]
  const not = (mask: number[], ...later: number[]): number[] =>
    later.reduce((m, l) => [...m, ...get(l), ...andNot], mask)
  const writes = [
    ...write(get(P), not(get(W0), W1, W2, W3)),
    ...write(plus(P, C_BYTES), not(get(W1), W2, W3)),
    ...write(plus(P, PITCH), not(get(W2), W3)),
    ...write(plus(P, PITCH, C_BYTES), get(W3))
  ]
  return [...loads, ...compare, ...writes, ...advance(J, i32(16))]
}

function body(): number[] {
  const setup = [
    ...[0x43, 0x00, 0x00, 0x80, 0xff /* f32.const −∞ */, ...v128.f32x4Splat, ...set(NEG_INF)],
    ...[...get(DX_ROW), ...get(X_ROW), I32_SUB, ...set(DELTA)],
    ...[...get(X_ROW), ...set(XW), ...get(DY_ROW), ...set(YW)]
  ]
  const window = [
    ...[...i32(0), ...set(J), ...loopUntil(J, C_BYTES, channelBlock())],
    ...[...advance(XW, get(C_BYTES)), ...advance(XW, get(C_BYTES)), ...advance(YW, get(C_BYTES))],
    ...advance(K, i32(1))
  ]
  // Locals: six i32, eleven v128.
  return [2, 6, 0x7f, 11, 0x7b, ...setup, ...loopUntil(K, WINDOWS, window), 0x0b]
}

/** The module's bytes: imports env.memory, exports `pool`. */
export function maxPoolGradModuleBytes(shared = false): Uint8Array {
  return moduleBytes('pool', new Array(6).fill(0x7f), body(), shared)
}

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
const poolFor = loopsPerMemory({ pool: maxPoolGradModuleBytes }, ({ pool }) => pool)

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
