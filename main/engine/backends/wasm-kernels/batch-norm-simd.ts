/**
 * The two heavy passes of training-mode batch norm (batch-norm.ts) as WebAssembly SIMD loops
 * (wat/moments.wat, gradient-sums.wat, normalize.wat, affine.wat) on the wasm backend's memory, four channels at a time: per-channel
 * sums (the moments forward; Σdy and Σdy·(x − mean) backward) and a per-channel affine map
 * (y forward, dx backward). The JavaScript loops in batch-norm.ts did each float in 3–4 ns.
 *
 * Any channel count C runs in blocks of four: the data is read as rows of P = lcm(C, 4) floats
 * (a few of the real rows), in which every lane always sees the same channel, with per-channel
 * coefficients repeated to P floats. batch-norm-passes.ts calls the sums on chunks of 256 such
 * rows and adds each chunk's float32 lane sums into float64, so a long batch stays accurate.
 */
import { kernelBytes, loopsPerMemory } from './wasm-loops'

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

/** The four modules' bytes, each importing env.memory and exporting its one function. */
export const batchNormModules = {
  moments: kernelBytes('moments'),
  gradientSums: kernelBytes('gradientSums'),
  normalize: kernelBytes('normalize'),
  affine: kernelBytes('affine')
}

/** The four loops bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const batchNormLoopsFor = loopsPerMemory(batchNormModules, (loops): BatchNormLoops => loops)
