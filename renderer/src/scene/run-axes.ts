/**
 * The 3D landscape's axes fixed for a whole run, derived from its probe records, so a replay
 * draws every frame against the same axes and heights compare between frames: the rows (one per
 * probe, at the run's steps), a height range robust to outliers, and the ridges' tallest bin.
 * The height range ends at a high percentile of the values when a few cells lie far beyond it
 * (0–250 while most cells are below 5 would leave a flat landscape); the cells beyond are drawn
 * at the edge and counted (landscape-cells.ts). Pure: records in, numbers out.
 */
import type { ProbeRecord } from '../../../main/contract/runs/records'

/** Percentile a capped range end sits at. */
export const CAP_QUANTILE = 0.99
/** A range end is capped only when the extreme value lies this many times beyond the percentile. */
export const OUTLIER_FACTOR = 2
/** Past this many values on one side, the percentile is taken from an evenly strided sample. */
const QUANTILE_SAMPLE = 200_000

/** A height range: `lo ≤ 0 ≤ hi` is what the axis covers; `min`/`max` the finite values' extent. */
export interface RobustRange {
  lo: number
  hi: number
  min: number
  max: number
  /** True for an end set at the percentile (values beyond it are drawn at the edge). */
  cappedLo: boolean
  cappedHi: boolean
  /** The percentile used for a capped end (0.99 = the 99th). */
  quantile: number
}

/** Quantile `q` (0..1) of ascending `sorted`, interpolated between ranks (d3's R-7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const at = (n - 1) * Math.min(1, Math.max(0, q))
  const i = Math.floor(at)
  const a = sorted[i]!
  const b = sorted[Math.min(n - 1, i + 1)]!
  return a + (b - a) * (at - i)
}

/** One side's end: the extreme, or the percentile of `magnitudes` when the extreme is an outlier. */
function sideEnd(magnitudes: number[], q: number): { end: number; capped: boolean } {
  if (magnitudes.length === 0) return { end: 0, capped: false }
  const stride = Math.max(1, Math.ceil(magnitudes.length / QUANTILE_SAMPLE))
  const sample = Float64Array.from(
    { length: Math.ceil(magnitudes.length / stride) },
    (_, i) => magnitudes[i * stride]!
  ).sort()
  let extreme = 0
  for (const m of magnitudes) if (m > extreme) extreme = m
  const p = quantileSorted(sample, q)
  return extreme > OUTLIER_FACTOR * p ? { end: p, capped: true } : { end: extreme, capped: false }
}

/**
 * The height range of `values` (non-finite ones skipped): each side of 0 runs to its largest
 * magnitude, unless that is more than OUTLIER_FACTOR times the side's `q` percentile of
 * magnitudes: then it ends at the percentile. Taking each side alone keeps a layer of mostly
 * zeros (dead ReLUs) from capping its live units at 0. Does not mutate.
 */
export function robustRange(values: Iterable<number>, q = CAP_QUANTILE): RobustRange {
  const above: number[] = []
  const below: number[] = []
  let min = 0
  let max = 0
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue
    if (v > 0) above.push(v)
    else below.push(-v)
    if (v < min) min = v
    if (v > max) max = v
  }
  const hi = sideEnd(above, q)
  const lo = sideEnd(below, q)
  return {
    lo: lo.end === 0 ? 0 : -lo.end,
    hi: hi.end,
    min,
    max,
    cappedLo: lo.capped,
    cappedHi: hi.capped,
    quantile: q
  }
}

/** What a whole run fixes for one layer's 3D view. */
export interface RunAxes {
  /** Steps of the probes that hold the layer, oldest first: one row each. */
  steps: number[]
  /** Height range of the layer's mean activations (of every layer's, when shared). */
  height: RobustRange
  /** Largest share of a probe's values in one histogram bin (tails included in the total). */
  ridgePeak: number
}

/** Every per-unit mean activation of layer `layer` (or of all layers) over `probes`. */
function* meanActivations(
  probes: readonly ProbeRecord[],
  layer: number | 'all'
): Generator<number> {
  for (const p of probes) {
    const layers = layer === 'all' ? p.layers : p.layers.slice(layer, layer + 1)
    for (const l of layers) {
      const values = l.units.meanActivation
      for (let i = 0; i < values.length; i++) yield values[i]!
    }
  }
}

/** Largest bin share of one histogram (as the ridge draws it: tails in the total). */
function peakShare(h: ProbeRecord['layers'][number]['pre']['histogram']): number {
  // A diverged run's counts can be NaN (null once read back from JSON): counted as 0.
  const count = (c: number) => (Number.isFinite(c) ? c : 0)
  let total = count(h.underflow) + count(h.overflow)
  let peak = 0
  for (const c of h.counts) {
    total += count(c)
    peak = Math.max(peak, count(c))
  }
  return total > 0 ? peak / total : 0
}

/**
 * The axes of layer `layer` over the whole run `probes`; with `shared`, the height range spans
 * every layer's values (so an exploding layer looks taller than a healthy one). Does not mutate.
 */
export function runAxes(
  probes: readonly ProbeRecord[],
  layer: number,
  shared = false,
  q = CAP_QUANTILE
): RunAxes {
  const steps: number[] = []
  let ridgePeak = 0
  for (const p of probes) {
    const l = p.layers[layer]
    if (!l) continue
    steps.push(p.step)
    ridgePeak = Math.max(ridgePeak, peakShare(l.pre.histogram))
  }
  return {
    steps,
    height: robustRange(meanActivations(probes, shared ? 'all' : layer), q),
    ridgePeak
  }
}

/**
 * Steps of the rows to lay out: the whole run's when it fits the ring (`capacity` rows) and the
 * `shown` rows are its first ones (a replay fills them front-wards against fixed rows); else the
 * rows shown (a run longer than the ring scrolls).
 */
export function layoutSteps(
  run: readonly number[] | null,
  shown: readonly number[],
  capacity: number
): readonly number[] {
  if (!run || run.length > capacity || run.length < shown.length) return shown
  return shown.every((s, i) => run[i] === s) ? run : shown
}
