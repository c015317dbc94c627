/**
 * How a per-layer quantity changes with depth (gradient norm per layer, pre-activation
 * variance per layer, …): the numbers behind "gradients vanish toward the input" and
 * "variance explodes with depth", for the report's diagnosis and the UI's trend labels.
 *
 * Values are given input side first (layer 0 = the first weighted layer). The trend is of
 * magnitudes |v|, on a log scale, since these quantities grow or shrink geometrically.
 * Non-finite values are skipped and counted; zeros are skipped by the log fit (log 0 = -∞)
 * and counted, but an exact 0 at an end of the ratio is reported as it is (0 or Infinity),
 * because "the first layer's gradient is exactly 0" is a finding, not noise.
 */

export interface DepthTrend {
  /** |first| / |last| over the first and last layers with a finite value: < 1 means the
   *  quantity is smaller at the input side (vanishing gradients), > 1 larger. NaN with fewer
   *  than two finite layers or when both ends are 0; Infinity when only the last is 0. */
  firstLastRatio: number
  /** Least-squares slope of ln|v| against layer index over finite non-zero values: the log
   *  change per layer. NaN with fewer than two such layers. */
  logSlope: number
  /** exp(logSlope): the typical factor from one layer to the next (0.5 = halves per layer). */
  factorPerLayer: number
  /** Layers used by the log fit, skipped as exactly 0, and skipped as NaN/±Infinity. */
  used: number
  zeros: number
  nonFinite: number
}

/** Least-squares slope of ys against xs; NaN with fewer than two points or equal xs. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length
  if (n < 2) return NaN
  const mx = xs.reduce((s, x) => s + x, 0) / n
  const my = ys.reduce((s, y) => s + y, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my)
    sxx += (xs[i] - mx) * (xs[i] - mx)
  }
  return sxx > 0 ? sxy / sxx : NaN
}

/** |first| / |last| of the finite values; see DepthTrend.firstLastRatio. */
function endRatio(finite: readonly number[]): number {
  if (finite.length < 2) return NaN
  const first = Math.abs(finite[0])
  const last = Math.abs(finite[finite.length - 1])
  if (last === 0) return first === 0 ? NaN : Infinity
  return first / last
}

/**
 * Trend with depth of per-layer `values` (input side first; any array of numbers, e.g. the
 * gradNorm of every LayerProbe of one probe). Never throws; an empty input gives NaNs and
 * zero counts. Does not mutate `values`.
 */
export function depthTrend(values: ArrayLike<number>): DepthTrend {
  const finite: number[] = []
  const xs: number[] = []
  const logs: number[] = []
  let zeros = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (!Number.isFinite(v)) continue
    finite.push(v)
    if (v === 0) {
      zeros++
      continue
    }
    xs.push(i)
    logs.push(Math.log(Math.abs(v)))
  }
  const logSlope = slope(xs, logs)
  return {
    firstLastRatio: endRatio(finite),
    logSlope,
    factorPerLayer: Math.exp(logSlope),
    used: xs.length,
    zeros,
    nonFinite: values.length - finite.length
  }
}
