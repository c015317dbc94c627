/**
 * The one chart scale shared by the app's charts (uPlot) and the report's SVG charts: extents
 * that skip NaN/±Infinity, domains rounded to readable values, tick values on the 1-2-5 ladder
 * (linear) or on decades (log, with 2× and 5× marks when fewer than two decades are in view),
 * and short tick labels. Tick values come from d3-scale. Pure: numbers in, numbers out.
 */
import { scaleLinear, scaleLog } from 'd3-scale'

export type Domain = [number, number]

/**
 * [min, max] of the finite values (of the positive ones only when `positive`, for a log axis),
 * or null if there are none. One pass, no spread: safe for millions of values. Does not mutate.
 */
export function finiteExtent(values: Iterable<number>, positive = false): Domain | null {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : null
}

/** Widens a zero-width or missing extent so a flat series still draws as a line. */
export function padDomain(extent: Domain | null, log = false): Domain {
  if (!extent) return log ? [0.1, 10] : [0, 1]
  const [lo, hi] = extent
  if (lo !== hi) return [lo, hi]
  if (log) return [lo / 10, hi * 10]
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1
  return [lo - d, hi + d]
}

const MANTISSAS = [1, 2, 5, 10]

/** The largest 1-2-5 value (m × 10^k) at or below `v` (> 0), or the smallest at or above. */
function ladder(v: number, up: boolean): number {
  const e = Math.floor(Math.log10(v))
  const m = v / 10 ** e
  const steps = up ? MANTISSAS : [...MANTISSAS].reverse()
  const pick = up ? steps.find((s) => s >= m - 1e-9) : steps.find((s) => s <= m + 1e-9)
  return Number(((pick ?? 1) * 10 ** e).toPrecision(12))
}

/**
 * The axis domain for data `extent`: padded when flat, then rounded outward — linear ends to
 * round tick values (d3's nice), log ends to the 1-2-5 ladder (0.3…2 → 0.2…2, not 0.1…10).
 */
export function axisDomain(extent: Domain | null, log = false): Domain {
  const [lo, hi] = padDomain(extent, log)
  if (log) return [ladder(lo, false), ladder(hi, true)]
  const nice = scaleLinear().domain([lo, hi]).nice(5).domain()
  return [nice[0] ?? lo, nice[1] ?? hi]
}

/** About `count` linear ticks on the 1-2-5 ladder (… 0.1, 0.2, 0.5, 1, 2, 5 × 10^k steps). */
export function linearTicks(domain: Domain, count = 5): number[] {
  const [lo, hi] = domain
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : []
  return scaleLinear().domain([lo, hi]).ticks(count)
}

/**
 * Log ticks: every decade in view when there are at least three (up to 7; more are thinned
 * to about `count`);
 * otherwise the 1, 2 and 5 marks of each decade; with fewer than two of those, linear 1-2-5
 * ticks. Domain must be positive.
 */
export function logTicks(domain: Domain, count = 5): number[] {
  const [lo, hi] = domain
  if (!(lo > 0) || !(hi > lo)) return lo > 0 ? [lo] : []
  const all = scaleLog()
    .domain([lo, hi])
    .ticks(Math.max(count, 10) * 4)
  const mantissa = (t: number) => Number((t / 10 ** Math.floor(Math.log10(t) + 1e-9)).toFixed(6))
  const decades = all.filter((t) => mantissa(t) === 1)
  if (decades.length >= 3) {
    // Every decade up to 7 of them; beyond, every 2nd, 3rd… so about `count` remain.
    const stride = decades.length <= 7 ? 1 : Math.max(1, Math.ceil(decades.length / count))
    return decades.filter((t) => Math.round(Math.log10(t)) % stride === 0)
  }
  const marks = all.filter((t) => [1, 2, 5].includes(mantissa(t)))
  if (marks.length >= 2) return marks
  return linearTicks(domain, count).filter((t) => t > 0)
}

/** Ticks for a linear or log axis over `domain`. */
export function axisTicks(domain: Domain, log: boolean, count = 5): number[] {
  return log ? logTicks(domain, count) : linearTicks(domain, count)
}

/** Short tick label: 0, 25, 0.5, 1.2k, 0.003, 1e-6, 1e5. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e')
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`
  return String(Number(v.toPrecision(3)))
}
