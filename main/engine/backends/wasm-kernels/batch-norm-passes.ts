/**
 * Training-mode batch norm forward and backward through the SIMD loops of batch-norm-simd.ts:
 * the same results as batchNormForward and batchNormBackward (batch-norm.ts, the JavaScript
 * reference, and the fallback without WebAssembly SIMD), to float32 rounding. Every array here
 * is a view on the one memory the loops were built for; they address it by byte offset.
 *
 * The moments are sums of x − s with s each channel's first value, so a channel whose mean is
 * far from 0 compared with its spread keeps its variance (E[x²] − mean² in float32 would not).
 * y = scale·(x − mean₃₂) + k with k correcting for the float32 rounding of the mean, and
 * dx = a·dy + b·(x − mean) + k: both centred, so no large terms cancel in float32.
 */
import type { AffineLoop, BatchNormLoops, SumsLoop } from './batch-norm-simd'
import { channelSums, gradientCoefficients, zeroSums, type ChannelSums } from './batch-norm-sums'

/** Rows of P floats summed into float32 lanes before they go into float64. */
export const CHUNK_ROWS = 256

/** P = lcm(C, 4): the shortest run of whole rows that is whole blocks of four lanes. */
export function period(channels: number): number {
  return channels % 4 === 0 ? channels : channels % 2 === 0 ? channels * 2 : channels * 4
}

/** Floats of heap scratch the passes need for `channels` channels. */
export const scratchFloats = (channels: number): number => 6 * period(channels)

/** The scratch's six P-float parts: a centre and three coefficients per lane, two sums. */
function parts(scratch: Float32Array, p: number) {
  const part = (k: number): Float32Array => scratch.subarray(k * p, (k + 1) * p)
  return { m: part(0), a: part(1), b: part(2), k: part(3), sumA: part(4), sumB: part(5) }
}
type Parts = ReturnType<typeof parts>

/** target[i] = values[i mod C] over all of target (P floats). */
function tile(values: ArrayLike<number>, channels: number, target: Float32Array): void {
  for (let i = 0; i < target.length; i++) target[i] = values[i % channels]!
}

/**
 * Per-channel Σw and Σw·d with d = v − centre: w = u (the gradient sums) or, without u, w = d
 * (the moments). Whole P-float rows go through `loop`, CHUNK_ROWS at a time, each chunk's
 * float32 lane sums into float64; the last few floats (under P) are summed by channelSums.
 */
function accumulate(
  loop: SumsLoop,
  v: Float32Array,
  centre: ArrayLike<number>,
  scratch: Parts,
  u?: Float32Array
): ChannelSums {
  const channels = centre.length
  const p = scratch.m.length
  const { m, sumA, sumB } = scratch
  tile(centre, channels, m)
  const sums = zeroSums(channels)
  const wideRows = Math.floor(v.length / p)
  for (let r = 0; r < wideRows; r += CHUNK_ROWS) {
    const offset = r * p * 4
    const bytes = Math.min(CHUNK_ROWS, wideRows - r) * p * 4
    const [uAt, vAt] = [(u ?? v).byteOffset + offset, v.byteOffset + offset]
    loop(uAt, vAt, m.byteOffset, sumA.byteOffset, sumB.byteOffset, p * 4, bytes)
    for (let i = 0; i < p; i++) {
      sums.a[i % channels]! += sumA[i]!
      sums.b[i % channels]! += sumB[i]!
    }
  }
  return channelSums(v, centre, u, wideRows * p, sums)
}

/** Per-channel coefficients of out = a·u + b·(v − m) + k; without `a`, out = b·(v − m) + k. */
interface Affine {
  m: ArrayLike<number>
  a?: Float64Array
  b: Float64Array
  k: Float64Array
}

/** Writes all of `out` (v's length): whole P-float rows through `loop`, the rest here. */
function mapAffine(
  loop: AffineLoop,
  u: Float32Array,
  v: Float32Array,
  f: Affine,
  scratch: Parts,
  out: Float32Array
): void {
  const channels = f.b.length
  const p = scratch.m.length
  const done = Math.floor(v.length / p) * p
  tile(f.m, channels, scratch.m)
  if (f.a) tile(f.a, channels, scratch.a)
  tile(f.b, channels, scratch.b)
  tile(f.k, channels, scratch.k)
  const coefficients = [scratch.m, scratch.a, scratch.b, scratch.k].map((c) => c.byteOffset)
  const [m, a, b, k] = coefficients as [number, number, number, number]
  loop(u.byteOffset, v.byteOffset, m, a, b, k, out.byteOffset, p * 4, done * 4)
  for (let i = done; i < v.length; i++) {
    const c = i % channels
    const au = f.a ? f.a[c]! * u[i]! : 0
    out[i] = au + f.b[c]! * (v[i]! - f.m[c]!) + f.k[c]!
  }
}

/**
 * batchNormForward through the loops. `scratch`: scratchFloats(C) floats of the same memory,
 * overwritten. Writes `out.y`, `out.mean`, `out.variance`.
 */
export function batchNormForwardSimd(
  loops: BatchNormLoops,
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: { y: Float32Array; mean: Float32Array; variance: Float32Array },
  scratch: Float32Array
): void {
  const channels = gamma.length
  const rows = x.length / channels
  const s = parts(scratch, period(channels))
  const shift = rows > 0 ? x.slice(0, channels) : new Float32Array(channels)
  const sums = accumulate(loops.moments, x, shift, s)
  const scale = new Float64Array(channels)
  const k = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    const centre = sums.a[c]! / rows
    const variance = Math.max(0, sums.b[c]! / rows - centre * centre)
    const mean = shift[c]! + centre
    out.mean[c] = mean
    out.variance[c] = variance
    scale[c] = gamma[c]! / Math.sqrt(variance + epsilon)
    k[c] = beta[c]! - scale[c]! * (mean - out.mean[c]!)
  }
  mapAffine(loops.normalize, x, x, { m: out.mean, b: scale, k }, s, out.y)
}

/**
 * batchNormBackward through the loops. `scratch` as for batchNormForwardSimd. Writes `out.dx`,
 * `out.dgamma`, `out.dbeta`.
 */
export function batchNormBackwardSimd(
  loops: BatchNormLoops,
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  out: { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array },
  scratch: Float32Array
): void {
  const channels = gamma.length
  const rows = x.length / channels
  const s = parts(scratch, period(channels))
  const sums = accumulate(loops.gradientSums, x, mean, s, dy)
  const { a, b, k } = gradientCoefficients(sums, variance, gamma, epsilon, rows, out)
  mapAffine(loops.affine, dy, x, { m: mean, a, b, k }, s, out.dx)
}
