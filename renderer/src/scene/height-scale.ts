/**
 * The 3D landscape's height axis: how a value (a unit's mean activation, or a histogram bin's
 * share of values) becomes a height in scene units, and the tick values that label it. Linear
 * shows values as they are; symmetric-log (sign(v)·log(1 + |v|)) keeps a layer of ~4 readable
 * beside one of ~10,000. The range itself comes from run-axes.ts (robust to outliers, one layer's
 * or shared by all). Pure (d3-scale for nice 1-2-5 ticks).
 */
import { scaleLinear } from 'd3-scale'

export type HeightKind = 'linear' | 'symlog'

export interface HeightScale {
  kind: HeightKind
  /** Smallest and largest value the axis covers; lo ≤ 0 ≤ hi. */
  lo: number
  hi: number
}

export interface Tick {
  value: number
  label: string
}

/** A scale covering [min(0, lo), max(0, hi)]; an empty or non-finite range covers [0, 1]. */
export function heightScale(kind: HeightKind, lo: number, hi: number): HeightScale {
  const a = Number.isFinite(lo) ? Math.min(0, lo) : 0
  const b = Number.isFinite(hi) ? Math.max(0, hi) : 0
  return a === b ? { kind, lo: 0, hi: 1 } : { kind, lo: a, hi: b }
}

const symlog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v))

/**
 * Height in scene units of `value` when the larger of |lo| and |hi| is drawn `full` high.
 * Values beyond the range are clamped to ±full; non-finite values are drawn at 0.
 */
export function heightOf(scale: HeightScale, value: number, full: number): number {
  if (!Number.isFinite(value)) return 0
  const max = Math.max(-scale.lo, scale.hi)
  const v = Math.max(-max, Math.min(max, value))
  const f = scale.kind === 'linear' ? v / max : symlog(v) / symlog(max)
  return f * full
}

/** True when `value` lies outside the scale's range (it is drawn clamped). */
export function isClipped(scale: HeightScale, value: number): boolean {
  return value < scale.lo || value > scale.hi
}

/**
 * About `count` tick values inside the range: 1-2-5 steps on a linear scale; on a symlog scale
 * 0 and the powers of ten (±1, ±10, ±100, …) once the range passes 10, else 1-2-5 steps.
 */
export function heightTicks(scale: HeightScale, count = 5): Tick[] {
  const { lo, hi } = scale
  const linear = scaleLinear().domain([lo, hi])
  if (scale.kind === 'linear' || Math.max(-lo, hi) <= 10) {
    const format = linear.tickFormat(count)
    return linear.ticks(count).map((value) => ({ value, label: format(value) }))
  }
  const out: Tick[] = [{ value: 0, label: '0' }]
  for (let p = 1; p <= hi; p *= 10) out.push({ value: p, label: compact(p) })
  for (let p = 1; p <= -lo; p *= 10) out.unshift({ value: -p, label: compact(-p) })
  return out
}

/** 1, 10, 100, 1k, 10k, 100k, 1M, then 1e7 …: short labels for powers of ten. */
export function compact(v: number): string {
  const a = Math.abs(v)
  const sign = v < 0 ? '−' : ''
  if (a >= 1e7) return sign + a.toExponential(0).replace('+', '')
  if (a >= 1e6) return `${sign}${a / 1e6}M`
  if (a >= 1e3) return `${sign}${a / 1e3}k`
  return sign + String(a)
}
