/**
 * The two heavy passes of training-mode batch norm (batch-norm.ts) as hand-assembled
 * WebAssembly SIMD loops on the wasm backend's memory, four channels at a time: per-channel
 * sums (the moments forward; Σdy and Σdy·(x − mean) backward) and a per-channel affine map
 * (y forward, dx backward). The JavaScript loops in batch-norm.ts did each float in 3–4 ns.
 *
 * Any channel count C runs in blocks of four: the data is read as rows of P = lcm(C, 4) floats
 * (a few of the real rows), in which every lane always sees the same channel, with per-channel
 * coefficients repeated to P floats. batch-norm-passes.ts calls the sums on chunks of 256 such
 * rows and adds each chunk's float32 lane sums into float64, so a long batch stays accurate.
 */
import {
  advance,
  F32_ZERO,
  get,
  I32_ADD,
  i32,
  loopsPerMemory,
  loopUntil,
  moduleBytes,
  set,
  v128
} from './simd-assembly'

/**
 * For each block of four lanes j < rowBytes of `v`'s rows (byte offsets, rows rowBytes apart,
 * `bytes` in all): with d = v − m[j], sumA[j] = Σ d and sumB[j] = Σ d·d (`moments`), or
 * sumA[j] = Σ u and sumB[j] = Σ u·d (`gradientSums`). Writes sumA and sumB (float32).
 */
export type SumsLoop = (
  u: number,
  v: number,
  m: number,
  sumA: number,
  sumB: number,
  rowBytes: number,
  bytes: number
) => void

/**
 * out = a[j]·u + b[j]·(v − m[j]) + k[j], lane block j of each row (`affine`), or the same
 * without the a·u term (`normalize`, which ignores u and a). Byte offsets, as SumsLoop.
 */
export type AffineLoop = (
  u: number,
  v: number,
  m: number,
  a: number,
  b: number,
  k: number,
  out: number,
  rowBytes: number,
  bytes: number
) => void

export interface BatchNormLoops {
  moments: SumsLoop
  gradientSums: SumsLoop
  normalize: AffineLoop
  affine: AffineLoop
}

const { load, store, f32x4Add: add, f32x4Sub: sub, f32x4Mul: mul, f32x4Splat: splat } = v128
const at = (base: number, index: number): number[] => [...get(base), ...get(index), I32_ADD]

/** The sums loop: lane blocks j outer (two accumulators in registers), rows inner. */
function sumsBody(weighted: boolean): number[] {
  const [U, V, M, SUM_A, SUM_B, ROW, BYTES] = [0, 1, 2, 3, 4, 5, 6]
  const [J, I, END, A, B, MJ, D, W] = [7, 8, 9, 10, 11, 12, 13, 14]
  const d = [...at(V, I), ...load, ...get(MJ), ...sub, ...set(D)]
  const w = weighted ? W : D
  const step = [
    ...d,
    ...(weighted ? [...at(U, I), ...load, ...set(W)] : []),
    ...[...get(A), ...get(w), ...add, ...set(A)],
    ...[...get(B), ...get(w), ...get(D), ...mul, ...add, ...set(B)],
    ...advance(I, get(ROW))
  ]
  const block = [
    ...[...at(M, J), ...load, ...set(MJ), ...F32_ZERO, ...splat, ...set(A), ...get(A), ...set(B)],
    ...[...get(J), ...set(I), ...get(J), ...get(BYTES), I32_ADD, ...set(END)],
    ...loopUntil(I, END, step),
    ...[...at(SUM_A, J), ...get(A), ...store, ...at(SUM_B, J), ...get(B), ...store],
    ...advance(J, i32(16))
  ]
  // Locals: three i32, five v128.
  return [2, 3, 0x7f, 5, 0x7b, ...loopUntil(J, ROW, block), 0x0b]
}

/** The affine loop: rows outer, lane blocks inner, coefficients loaded from memory. */
function affineBody(withU: boolean): number[] {
  const [U, V, M, A, B, K, OUT, ROW, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
  const [R, J, P] = [9, 10, 11]
  const centred = [...at(B, J), ...load, ...at(V, P), ...load, ...at(M, J), ...load, ...sub, ...mul]
  const block = [
    ...[...get(R), ...get(J), I32_ADD, ...set(P), ...at(OUT, P)],
    ...(withU ? [...at(A, J), ...load, ...at(U, P), ...load, ...mul, ...centred, ...add] : centred),
    ...[...at(K, J), ...load, ...add, ...store],
    ...advance(J, i32(16))
  ]
  const row = [...i32(0), ...set(J), ...loopUntil(J, ROW, block), ...advance(R, get(ROW))]
  // Locals: three i32.
  return [1, 3, 0x7f, ...loopUntil(R, BYTES, row), 0x0b]
}

const i32s = (n: number): number[] => new Array<number>(n).fill(0x7f)

/** The four modules' bytes, each importing env.memory and exporting one function `name`. */
export const batchNormModules = {
  moments: (shared = false) => moduleBytes('moments', i32s(7), sumsBody(false), shared),
  gradientSums: (shared = false) => moduleBytes('gradientSums', i32s(7), sumsBody(true), shared),
  normalize: (shared = false) => moduleBytes('normalize', i32s(9), affineBody(false), shared),
  affine: (shared = false) => moduleBytes('affine', i32s(9), affineBody(true), shared)
} as const

/** The four loops bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const batchNormLoopsFor = loopsPerMemory(batchNormModules, (loops): BatchNormLoops => loops)
