/**
 * Statistics of one layer's bias vector: its mean, its spread across units and its range. The
 * cause rules read them beside the pre-activation mean, whose per-layer average is exactly the
 * bias mean plus the weights' contribution, to tell bias-driven from weight-driven shifts.
 */
import type { BiasStats } from '../contract/runs/records'

/**
 * Mean, standard deviation across units (population, float64), min and max of `bias` (one value
 * per unit). Non-finite values make every field NaN. Empty input gives NaN. Does not mutate.
 */
export function biasStats(bias: Float32Array): BiasStats {
  const n = bias.length
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let u = 0; u < n; u++) {
    const b = bias[u]!
    sum += b
    if (b < min) min = b
    if (b > max) max = b
  }
  const mean = sum / n
  let squares = 0
  for (let u = 0; u < n; u++) squares += (bias[u]! - mean) ** 2
  const finite = n > 0 && Number.isFinite(sum) && Number.isFinite(squares)
  return finite
    ? { mean, std: Math.sqrt(squares / n), min, max }
    : { mean: NaN, std: NaN, min: NaN, max: NaN }
}
