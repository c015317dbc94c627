/**
 * The arithmetic batch norm's JavaScript reference (batch-norm.ts) and its SIMD passes
 * (batch-norm-passes.ts) share: per-channel sums over row-major [rows × C] float32 data, in
 * float64 (the reference sums every row with them, the passes the few floats their loops leave),
 * and the backward pass's per-channel coefficients made from its sums.
 */

/** Σw and Σw·d of each channel. */
export interface ChannelSums {
  a: Float64Array
  b: Float64Array
}

/** Zeroed sums for `channels` channels. */
export const zeroSums = (channels: number): ChannelSums => ({
  a: new Float64Array(channels),
  b: new Float64Array(channels)
})

/**
 * Adds to sums.a[c] Σw and to sums.b[c] Σw·d over channel c's elements from index `from` (the
 * start of a row) to the end, with d = v − centre[c] and w = u, or w = d without u. Returns
 * `sums` (by default new zeroed sums), mutated; mutates nothing else.
 */
export function channelSums(
  v: Float32Array,
  centre: ArrayLike<number>,
  u?: Float32Array,
  from = 0,
  sums: ChannelSums = zeroSums(centre.length)
): ChannelSums {
  const channels = centre.length
  for (let i = from; i < v.length;) {
    for (let c = 0; c < channels; c++, i++) {
      const d = v[i]! - centre[c]!
      const w = u ? u[i]! : d
      sums.a[c]! += w
      sums.b[c]! += w * d
    }
  }
  return sums
}

/**
 * The backward pass per channel from its sums (sums.a = Σdy, sums.b = Σdy·(x − mean)) over
 * `rows` rows, with σ = √(variance + ε): writes out.dbeta = Σdy and out.dgamma = Σdy·x̂, and
 * returns a, b, k of dx = a·dy + b·(x − mean) + k, that is a = gamma/σ, b = −(a/σ)·dgamma/N
 * and k = −a·dbeta/N.
 */
export function gradientCoefficients(
  sums: ChannelSums,
  variance: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  rows: number,
  out: { dgamma: Float32Array; dbeta: Float32Array }
): { a: Float64Array; b: Float64Array; k: Float64Array } {
  const channels = gamma.length
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
  return { a, b, k }
}
