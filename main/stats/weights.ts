/**
 * Statistics of one layer's weights: moments, norm, and `spread`, the measure of symmetry
 * breaking. A kernel is row-major [fanIn × units], tfjs' layout for dense [in, out] and for
 * conv [k, k, cin, cout] (fanIn = k·k·cin, units = cout), so column u holds the incoming
 * weights of unit u.
 *
 * spread = sqrt( (1/units) Σ_u ‖w_u - w̄‖² ), the RMS over units of the distance between a
 * unit's incoming weight vector w_u and the mean vector w̄ = (1/units) Σ_u w_u. When every
 * unit has the same weights (all-zero or constant init, which gradient descent never breaks)
 * it is exactly 0.0, not merely small: w̄ is computed per row in float64, where the sum of
 * `units` equal float32 values is exact, so w̄ equals each weight bit for bit and every
 * difference is 0. With one unit there is nothing to compare and spread is 0.
 */
import type { WeightStats } from '../contract/runs/records'
import { finiteMoments } from './moments'
import { l2Norm } from './norms'
import { rowsOf } from '../contract/stats/shapes'

/** Σ_u ‖w_u - w̄‖² over a row-major [fanIn × units] kernel, one row (input) at a time. */
function squaredSpread(kernel: Float32Array, units: number): number {
  let total = 0
  for (let row = 0; row < kernel.length; row += units) {
    let sum = 0
    for (let u = 0; u < units; u++) sum += kernel[row + u]!
    const mean = sum / units
    for (let u = 0; u < units; u++) {
      const d = kernel[row + u]! - mean
      total += d * d
    }
  }
  return total
}

/**
 * Weight statistics of a kernel, row-major [fanIn × units] (a bias vector is [1 × units]).
 * mean and variance (population) describe the finite weights (NaN if none); norm and spread
 * include every weight, so a NaN/Infinity weight makes them NaN/Infinity and divergence shows.
 * Throws when `units` does not divide the length. Does not mutate `kernel`.
 */
export function weightStats(kernel: Float32Array, units: number): WeightStats {
  rowsOf(kernel.length, units, 'weight stats')
  const { mean, variance } = finiteMoments(kernel)
  return {
    mean,
    variance,
    norm: l2Norm(kernel),
    spread: Math.sqrt(squaredSpread(kernel, units) / units)
  }
}
