/**
 * The shared loss axis of the Compare view. Both runs share one log-scaled y axis so their curves
 * compare directly, but a diverged run's loss (≈1e15) would squash the other run into a sliver:
 * when the two ranges span more than MAX_DECADES, the axis stops a decade above the healthier
 * run's largest loss and the other run's larger values are drawn on the top edge, with a note
 * saying how far they went. Pure.
 */
import { finiteExtent, formatTick } from '../../../main/contract/charts/axis-scale'
import type { Series } from './layer-series'

/** Beyond this many decades between the smallest and largest loss, the axis is clipped. */
export const MAX_DECADES = 3
/** Headroom above the healthier run's largest loss when clipping, as a factor. */
const HEADROOM = 10

export interface LossAxis {
  /** y domain for both charts (positive, for a log axis), or undefined with no data. */
  domain: [number, number] | undefined
  /** True when some values lie above `domain[1]` and are drawn on the top edge. */
  clipped: boolean
}

/**
 * The loss axis shared by runs whose losses are `perRun` (one array per run; NaN, ±Infinity and
 * values ≤ 0 are ignored). Does not mutate its input.
 */
export function sharedLossAxis(perRun: readonly (readonly number[])[]): LossAxis {
  const extents = perRun
    .map((values) => finiteExtent(values, true))
    .filter((e): e is [number, number] => e !== null)
  if (extents.length === 0) return { domain: undefined, clipped: false }
  const lo = Math.min(...extents.map((e) => e[0]))
  const hi = Math.max(...extents.map((e) => e[1]))
  const healthyHi = Math.min(...extents.map((e) => e[1]))
  const ceiling = healthyHi * HEADROOM
  if (hi / lo <= 10 ** MAX_DECADES || hi <= ceiling)
    return { domain: lo < hi ? [lo, hi] : undefined, clipped: false }
  return { domain: [lo, ceiling], clipped: true }
}

/**
 * `series` with y values above `ceiling` drawn at the ceiling, and a note naming the largest
 * such value; the note is '' when nothing was clipped. Returns new series; does not mutate.
 */
export function clipAbove(
  series: readonly Series[],
  ceiling: number
): { series: Series[]; note: string } {
  let peak = Number.NEGATIVE_INFINITY
  const out = series.map((s) => ({
    ...s,
    y: s.y.map((v) => {
      if (!(v > ceiling) || !Number.isFinite(v)) return v
      peak = Math.max(peak, v)
      return ceiling
    })
  }))
  const note =
    peak > ceiling
      ? `loss above ${formatTick(ceiling)} (up to ${formatTick(peak)}) is drawn on the top edge`
      : ''
  return { series: out, note }
}
