/**
 * One tensor summarized for a probe: moments, range, non-finite count and a fixed-range
 * histogram, in two linear passes over the values when all are finite (see moments.ts for why
 * two, and for the fast path without per-value checks), three when some are not.
 *
 * Definitions (all over the finite values only; NaN and ±Infinity are counted in `nonFinite`
 * and excluded from every other field):
 * - mean = Σx / n, variance = Σ(x - mean)² / n (population), meanSquare = E[x²] = Σx² / n,
 *   the second moment the next layer's variance prediction needs (theory.ts);
 * - min, max of the finite values;
 * - histogram over [-range, range) in `bins` bins plus underflow/overflow (histogram.ts).
 * With no finite value (an empty tensor, or one that is all NaN/Inf) mean, variance,
 * meanSquare, min and max are NaN, never 0, so a diverged layer cannot pass for a quiet one.
 */
import type { TensorStats } from '../contract/runs/records'
import { binLayout, slotOf, toHistogram, type BinLayout } from './histogram'
import { centredVariance } from './moments'

interface FirstPass {
  count: number
  nonFinite: number
  sum: number
  sumSquares: number
  min: number
  max: number
  raw: Uint32Array
}

/** Pass one assuming every value is finite: no per-value checks (the common, fast case). */
function firstPassAllFinite(values: Float32Array, layout: BinLayout): FirstPass {
  const raw = new Uint32Array(layout.bins + 2)
  let sum = 0
  let sumSquares = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    sum += v
    sumSquares += v * v
    min = Math.min(min, v)
    max = Math.max(max, v)
    raw[slotOf(v, layout)]!++
  }
  const count = values.length
  return { count, nonFinite: 0, sum, sumSquares, min, max, raw }
}

/** Pass one skipping NaN/±Inf: taken only when the fast pass met a non-finite value. */
function firstPassSkippingNonFinite(values: Float32Array, layout: BinLayout): FirstPass {
  const raw = new Uint32Array(layout.bins + 2)
  let count = 0
  let sum = 0
  let sumSquares = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) continue
    count++
    sum += v
    sumSquares += v * v
    min = Math.min(min, v)
    max = Math.max(max, v)
    raw[slotOf(v, layout)]!++
  }
  return { count, nonFinite: values.length - count, sum, sumSquares, min, max, raw }
}

/** Counts, sums, range and histogram, reading the data once when it is all finite. */
function firstPass(values: Float32Array, layout: BinLayout): FirstPass {
  const fast = firstPassAllFinite(values, layout)
  // A float32 sum in float64 is finite exactly when every value is finite (see moments.ts).
  if (Number.isFinite(fast.sum)) return fast
  return firstPassSkippingNonFinite(values, layout)
}

/**
 * Summary of every value of a tensor (any shape, flat), histogram over [-range, range) in
 * `bins` bins. Throws when bins is not a positive integer or range is not finite and > 0.
 * Does not mutate `values`.
 */
export function tensorStats(values: Float32Array, bins: number, range: number): TensorStats {
  if (!Number.isFinite(range) || range <= 0) {
    throw new Error(`histogram range must be a finite number above 0, got ${range}`)
  }
  const layout = binLayout(bins, -range, range)
  const p = firstPass(values, layout)
  const empty = p.count === 0
  const mean = empty ? NaN : p.sum / p.count
  return {
    mean,
    variance: centredVariance(values, mean, p.count),
    meanSquare: empty ? NaN : p.sumSquares / p.count,
    min: empty ? NaN : p.min,
    max: empty ? NaN : p.max,
    nonFinite: p.nonFinite,
    count: p.count,
    histogram: toHistogram(p.raw, layout)
  }
}
