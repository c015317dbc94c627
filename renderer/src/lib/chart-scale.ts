/**
 * Scales and ticks for the hand-rolled SVG charts: linear and log10 maps from data to pixels,
 * extents that skip NaN/±Infinity (a diverged run must not blank its chart) and "nice" ticks.
 * Pure.
 */

export interface Scale {
  (value: number): number
  domain: readonly [number, number]
  range: readonly [number, number]
  ticks(count: number): number[]
  log: boolean
}

/** [min, max] of the finite values (and of positives only when `positive`); null if none. */
export function finiteExtent(values: Iterable<number>, positive = false): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of values) {
    if (!Number.isFinite(v) || (positive && v <= 0)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return lo <= hi ? [lo, hi] : null
}

/** Widens a zero-width or missing domain so a flat series still draws as a line. */
export function padDomain(extent: [number, number] | null, log = false): [number, number] {
  if (!extent) return log ? [0.1, 10] : [0, 1]
  const [lo, hi] = extent
  if (lo !== hi) return [lo, hi]
  if (log) return [lo / 10, hi * 10]
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1
  return [lo - d, hi + d]
}

/** Round tick values covering [lo, hi], about `count` of them (1, 2 or 5 × 10^k steps). */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo) || count < 1) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const norm = raw / mag
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag
  const ticks: number[] = []
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)))
  }
  return ticks
}

/** Linear map from `domain` to `range` (pixels). */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain
  const [r0, r1] = range
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  const scale = ((v: number) => r0 + (v - d0) * k) as Scale
  return Object.assign(scale, {
    domain,
    range,
    log: false,
    ticks: (count: number) => niceTicks(d0, d1, count)
  })
}

/** log10 map; non-positive values map below the range start (callers clip). Domain must be > 0. */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  const l0 = Math.log10(domain[0])
  const l1 = Math.log10(domain[1])
  const inner = linearScale([l0, l1], range)
  const scale = ((v: number) =>
    v > 0 ? inner(Math.log10(v)) : range[0] + (range[0] - range[1])) as Scale
  const ticks = (count: number): number[] => {
    const decades = logTicks(domain, [1], count)
    if (decades.length >= 2) return decades
    // Less than two decades in view: add the 2× and 5× marks, else plain round numbers.
    const marks = logTicks(domain, [1, 2, 5], count * 3)
    return marks.length >= 2 ? marks : niceTicks(domain[0], domain[1], count).filter((t) => t > 0)
  }
  return Object.assign(scale, { domain, range, log: true, ticks })
}

/** m × 10^e ticks inside `domain` for each mantissa m, thinned to about `count` decades. */
function logTicks(domain: [number, number], mantissas: number[], count: number): number[] {
  const l0 = Math.floor(Math.log10(domain[0]))
  const l1 = Math.ceil(Math.log10(domain[1]))
  const stride = Math.max(1, Math.ceil((l1 - l0) / count))
  const out: number[] = []
  for (let e = l0; e <= l1; e += stride) {
    for (const m of mantissas) {
      const t = Number((m * 10 ** e).toPrecision(12))
      if (t >= domain[0] * 0.999 && t <= domain[1] * 1.001) out.push(t)
    }
  }
  return out
}

/** Short tick label: 1.2k, 0.003, 1e-6, 25. */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e')
  if (a >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`
  return String(Number(v.toPrecision(3)))
}
