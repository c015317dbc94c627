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
import type { BatchNormLoops, SumsLoop } from './batch-norm-simd'

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
 * Runs `loop` over the whole P-float rows of u and v, CHUNK_ROWS at a time, and adds each
 * chunk's lane sums into channel sums `a` and `b` (float64). Returns the floats it covered.
 */
function accumulate(
  loop: SumsLoop,
  u: Float32Array,
  v: Float32Array,
  scratch: Parts,
  sums: { a: Float64Array; b: Float64Array }
): number {
  const channels = sums.a.length
  const p = scratch.m.length
  const wideRows = Math.floor(v.length / p)
  const { m, sumA, sumB } = scratch
  for (let r = 0; r < wideRows; r += CHUNK_ROWS) {
    const offset = r * p * 4
    const bytes = Math.min(CHUNK_ROWS, wideRows - r) * p * 4
    loop(
      u.byteOffset + offset,
      v.byteOffset + offset,
      m.byteOffset,
      sumA.byteOffset,
      sumB.byteOffset,
      p * 4,
      bytes
    )
    for (let i = 0; i < p; i++) {
      sums.a[i % channels]! += sumA[i]!
      sums.b[i % channels]! += sumB[i]!
    }
  }
  return wideRows * p
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
  const p = period(channels)
  const s = parts(scratch, p)
  const shift = rows > 0 ? x.slice(0, channels) : new Float32Array(channels)
  tile(shift, channels, s.m)
  const sums = { a: new Float64Array(channels), b: new Float64Array(channels) }
  const done = accumulate(loops.moments, x, x, s, sums)
  for (let i = done; i < x.length; i++) {
    const d = x[i]! - shift[i % channels]!
    sums.a[i % channels]! += d
    sums.b[i % channels]! += d * d
  }
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
  tile(out.mean, channels, s.m)
  tile(scale, channels, s.b)
  tile(k, channels, s.k)
  const [m, b, kk, y] = [s.m, s.b, s.k, out.y].map((view) => view.byteOffset) as [
    number,
    number,
    number,
    number
  ]
  loops.normalize(x.byteOffset, x.byteOffset, m, b, b, kk, y, p * 4, done * 4)
  for (let i = done; i < x.length; i++) {
    const c = i % channels
    out.y[i] = scale[c]! * (x[i]! - out.mean[c]!) + k[c]!
  }
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
  const p = period(channels)
  const s = parts(scratch, p)
  tile(mean, channels, s.m)
  const sums = { a: new Float64Array(channels), b: new Float64Array(channels) }
  const done = accumulate(loops.gradientSums, dy, x, s, sums)
  for (let i = done; i < x.length; i++) {
    const c = i % channels
    sums.a[c]! += dy[i]!
    sums.b[c]! += dy[i]! * (x[i]! - mean[c]!)
  }
  const a = new Float64Array(channels)
  const b = new Float64Array(channels)
  const k = new Float64Array(channels)
  for (let c = 0; c < channels; c++) {
    const invStd = 1 / Math.sqrt(variance[c]! + epsilon)
    const dgamma = sums.b[c]! * invStd
    out.dgamma[c] = dgamma
    out.dbeta[c] = sums.a[c]!
    a[c] = gamma[c]! * invStd
    b[c] = -a[c]! * invStd * (dgamma / rows)
    k[c] = -a[c]! * (sums.a[c]! / rows)
  }
  tile(a, channels, s.a)
  tile(b, channels, s.b)
  tile(k, channels, s.k)
  const offsets = [dy, x, s.m, s.a, s.b, s.k, out.dx].map((view) => view.byteOffset)
  loops.affine(
    ...(offsets as [number, number, number, number, number, number, number]),
    p * 4,
    done * 4
  )
  for (let i = done; i < x.length; i++) {
    const c = i % channels
    out.dx[i] = a[c]! * dy[i]! + b[c]! * (x[i]! - mean[c]!) + k[c]!
  }
}
