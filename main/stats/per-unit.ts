/**
 * Per-unit moments over rows: for batch norm, the batch mean μ_i and variance σ_i² of each
 * unit's input, to set beside the moving averages used at test time. Population variance
 * (divide by rows), as batch norm normalizes with. Corrected two-pass per unit (moments.ts);
 * NaN/±Infinity are skipped per unit.
 */
import { rowsOf } from '../contract/stats/shapes'

/**
 * values: row-major [rows × units] (a conv layer's NHWC output is [examples·H·W × channels]).
 * Returns per-unit mean and population variance of the finite values, NaN for a unit with
 * none. Throws when `units` does not divide the length. Does not mutate `values`.
 */
export function perUnitMoments(
  values: Float32Array,
  units: number
): { mean: Float64Array; variance: Float64Array } {
  rowsOf(values.length, units, 'per-unit moments')
  const mean = new Float64Array(units)
  const count = new Uint32Array(units)
  for (let row = 0; row < values.length; row += units) {
    for (let u = 0; u < units; u++) {
      const v = values[row + u]!
      if (Number.isFinite(v)) {
        mean[u]! += v
        count[u]!++
      }
    }
  }
  for (let u = 0; u < units; u++) mean[u] = count[u]! > 0 ? mean[u]! / count[u]! : NaN
  const sumD = new Float64Array(units)
  const variance = new Float64Array(units)
  for (let row = 0; row < values.length; row += units) {
    for (let u = 0; u < units; u++) {
      const v = values[row + u]!
      if (Number.isFinite(v)) {
        const d = v - mean[u]!
        sumD[u]! += d
        variance[u]! += d * d
      }
    }
  }
  for (let u = 0; u < units; u++) {
    const n = count[u]!
    variance[u] = n > 0 ? Math.max(0, (variance[u]! - (sumD[u]! * sumD[u]!) / n) / n) : NaN
  }
  return { mean, variance }
}
