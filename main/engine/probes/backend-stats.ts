/**
 * The probe's statistics reduced on the backend: for one layer's pre, preNorm and post
 * [rows × units], the moments, range and fixed-range histogram of main/stats/tensor-stats.ts and
 * the per-unit tallies of main/stats/units.ts, as one small float32 vector per layer, so a
 * probe downloads a few hundred numbers per layer instead of every activation (issue 23 item 4).
 *
 * Same definitions as the JS path, computed in float32 where it sums in float64:
 * - count, min, max, nonFinite (0 here) and the per-unit active/flagged counts are exact;
 * - sums are taken per unit over rows, then over units, so mean, variance and meanSquare agree
 *   with the JS path to about 1e-5 relative on the probe's few hundred thousand values;
 * - a histogram slot is floor((v − lo) · scale) in float32, so only a value within float32
 *   rounding of a bin edge can land in the neighbouring bin.
 * The fast path assumes every value is finite. When a sum comes back non-finite (a NaN or ±Inf,
 * or squares past float32's range) the caller recomputes that layer with the JS path, which
 * excludes non-finite values (capture.ts).
 */
import * as tf from '@tensorflow/tfjs'
import type { TensorStats } from '../../contract/runs/records'
import { binLayout, toHistogram } from '../../stats/histogram'
import type { UnitRule, Zone } from '../../stats/unit-state-rules'

/** Floats of one tensor's summary before its histogram: Σv, Σv², Σ(v − mean)², min, max. */
const MOMENTS = 5

/** Length of `summarizeTensor`'s vector for `bins` bins (moments, then bins + 2 raw slots). */
export function summaryLength(bins: number): number {
  return MOMENTS + bins + 2
}

/**
 * Summary of `v` [rows, units] (every value assumed finite) as a 1-D float32 vector of
 * summaryLength(bins): [Σv, Σv², Σ(v − mean)², min, max, underflow, bins…, overflow],
 * histogram over [-range, range). Call inside tf.tidy.
 */
export function summarizeTensor(v: tf.Tensor2D, bins: number, range: number): tf.Tensor1D {
  const layout = binLayout(bins, -range, range)
  const count = v.size
  const sum = tf.sum(tf.sum(v, 0))
  const sumSquares = tf.sum(tf.sum(tf.square(v), 0))
  const mean = tf.div(sum, Math.max(count, 1))
  const centred = tf.sum(tf.sum(tf.square(tf.sub(v, mean)), 0))
  const flat = tf.reshape(v, [-1])
  const inside = tf.add(
    tf.clipByValue(tf.floor(tf.mul(tf.sub(flat, layout.lo), layout.scale)), 0, bins - 1),
    1
  )
  const slot = tf.where(
    tf.less(flat, layout.lo),
    tf.zerosLike(flat),
    tf.where(tf.greaterEqual(flat, layout.hi), tf.fill(flat.shape, bins + 1), inside)
  )
  const raw = tf.bincount(
    tf.cast(slot, 'int32') as tf.Tensor1D,
    tf.tensor1d([], 'float32'),
    bins + 2
  )
  const scalars = tf.stack([sum, sumSquares, centred, tf.min(v), tf.max(v)])
  return tf.concat([scalars, tf.cast(raw, 'float32')]) as tf.Tensor1D
}

/**
 * TensorStats of a tensor of `count` values from its summary vector `s` (summarizeTensor's
 * layout), or null when its sums are not finite (the caller then uses the JS path). Pure.
 */
export function tensorStatsFromSummary(
  s: Float32Array,
  count: number,
  bins: number,
  range: number
): TensorStats | null {
  const [sum, sumSquares, centred, min, max] = s
  if (!Number.isFinite(sum!) || !Number.isFinite(sumSquares!) || !Number.isFinite(centred!)) {
    return null
  }
  const empty = count === 0
  const layout = binLayout(bins, -range, range)
  return {
    mean: empty ? NaN : sum! / count,
    variance: empty ? NaN : centred! / count,
    meanSquare: empty ? NaN : sumSquares! / count,
    min: empty ? NaN : min!,
    max: empty ? NaN : max!,
    nonFinite: 0,
    count,
    histogram: toHistogram(Uint32Array.from(s.subarray(MOMENTS, MOMENTS + bins + 2)), layout)
  }
}

/**
 * Per-unit tallies of one layer as a 1-D float32 vector [3 · units]: each unit's Σpost over
 * rows, then its active-row count, then its flagged-row count under `rule` (units.ts).
 * pre, post: [rows, units]; every value assumed finite. Call inside tf.tidy.
 */
export function summarizeUnits(pre: tf.Tensor2D, post: tf.Tensor2D, rule: UnitRule): tf.Tensor1D {
  const signal = rule.signal === 'pre' ? pre : post
  const zones: Record<Zone, tf.Tensor> = {
    below: tf.less(signal, rule.lo),
    above: tf.greater(signal, rule.hi),
    between: tf.logicalAnd(tf.greaterEqual(signal, rule.lo), tf.lessEqual(signal, rule.hi))
  }
  const rowsIn = (list: readonly Zone[]): tf.Tensor1D =>
    list.length === 0
      ? tf.zeros([post.shape[1]])
      : tf.sum(
          tf.cast(
            list.map((z) => zones[z]).reduce((a, b) => tf.logicalOr(a, b)),
            'float32'
          ),
          0
        )
  return tf.concat([tf.sum(post, 0), rowsIn(rule.active), rowsIn(rule.flagged)]) as tf.Tensor1D
}
