/**
 * What the uPlot line chart draws, as plain data: several series with their own x values
 * merged onto one ascending x axis (uPlot's data layout), the hover readout at a cursor
 * position, and loss smoothing. A value that is not finite (or not positive on a log axis)
 * becomes null, which uPlot draws as a gap (a diverged loss stops the line); an x where a
 * series has no sample at all becomes undefined, which uPlot bridges (per-epoch validation
 * points join up between per-step training points). Pure.
 */
import type { Series } from './layer-series'

/** uPlot's column layout: xs ascending, one y array per series, each as long as xs. */
export interface AlignedData {
  xs: number[]
  ys: (number | null | undefined)[][]
}

/** Merges `series` onto the union of their x values. Does not mutate the series. */
export function alignSeries(series: readonly Series[], log: boolean): AlignedData {
  const set = new Set<number>()
  for (const s of series) for (const x of s.x) if (Number.isFinite(x)) set.add(x)
  const xs = [...set].sort((a, b) => a - b)
  const at = new Map(xs.map((x, i) => [x, i]))
  const ys = series.map((s) => {
    const col: (number | null | undefined)[] = new Array(xs.length).fill(undefined)
    const n = Math.min(s.x.length, s.y.length)
    for (let i = 0; i < n; i++) {
      const j = at.get(s.x[i]!)
      if (j === undefined) continue
      const v = s.y[i]!
      col[j] = Number.isFinite(v) && (!log || v > 0) ? v : null
    }
    return col
  })
  return { xs, ys }
}

export interface ReadoutRow {
  label: string
  color: string
  /** x of the sample shown (the nearest one the series has), or null. */
  x: number | null
  /** Its value; null for a gap (not finite) or a series without samples. */
  y: number | null
}

/** Index of the defined value of `col` nearest to `idx` (either side), or -1. */
function nearestDefined(col: readonly (number | null | undefined)[], idx: number): number {
  for (let d = 0; d < col.length; d++) {
    if (idx - d >= 0 && col[idx - d] !== undefined) return idx - d
    if (idx + d < col.length && col[idx + d] !== undefined) return idx + d
  }
  return -1
}

/**
 * The hover readout at column `idx` of `data`: each series' nearest sample. With more than
 * `max` series, the `max` largest values (e.g. the deadest layers), so the box stays small.
 * Series marked `faint` (the unsmoothed copy of a smoothed curve) are left out.
 */
export function readoutAt(
  series: readonly Series[],
  data: AlignedData,
  idx: number,
  max = 8
): ReadoutRow[] {
  const rows: ReadoutRow[] = []
  series.forEach((s, k) => {
    if (s.faint) return
    const j = nearestDefined(data.ys[k] ?? [], idx)
    rows.push({
      label: s.label,
      color: s.color,
      x: j < 0 ? null : (data.xs[j] ?? null),
      y: j < 0 ? null : (data.ys[k]?.[j] ?? null)
    })
  })
  if (rows.length <= max) return rows
  return [...rows].sort((a, b) => (b.y ?? -Infinity) - (a.y ?? -Infinity)).slice(0, max)
}

/**
 * Exponential moving average with `weight` on the past (TensorBoard's smoothing slider):
 * out_t = weight · out_{t−1} + (1 − weight) · v_t, started at the first value. weight 0 returns
 * the values unchanged. A non-finite value passes through and restarts the average, so a
 * divergence is not smoothed away. Does not mutate.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 0.999)
  const out: number[] = []
  let avg = Number.NaN
  for (const v of values) {
    avg = Number.isFinite(v) ? (Number.isFinite(avg) ? w * avg + (1 - w) * v : v) : v
    out.push(avg)
  }
  return out
}

/**
 * `series` as drawn with smoothing `weight`: each `smoothable` series becomes its smoothed
 * curve, with the raw values kept behind it as a faint copy; weight 0 draws the raw values
 * only. Does not mutate.
 */
export function withSmoothing(series: readonly Series[], weight: number): Series[] {
  if (!(weight > 0)) return [...series]
  return series.flatMap((s) =>
    s.smoothable
      ? [
          { ...s, label: `${s.label} (raw)`, faint: true, smoothable: false },
          { ...s, y: emaSmooth(s.y, weight) }
        ]
      : [s]
  )
}
