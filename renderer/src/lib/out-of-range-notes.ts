/**
 * What the 3D views leave out of their range, in words: unit cells beyond the height axis (a
 * robust range ends at a high percentile, so a few outliers don't flatten the rest; those cells
 * are drawn at the axis's edge) and pre-activations outside the histogram range (counted by the
 * probe, not drawn, so a ridge can go flat). Pure.
 */
import { formatTick } from '../../../main/contract/charts/axis-scale'
import type { ProbeRecord } from '../../../main/contract/runs/records'
import type { RobustRange } from '../scene/run-axes'
import { countOf } from './count-words'

/** "99th" for 0.99, "95th" for 0.95. */
function percentile(q: number): string {
  const p = Number((q * 100).toPrecision(3))
  const last = p % 10
  const suffix =
    p % 100 >= 11 && p % 100 <= 13
      ? 'th'
      : last === 1
        ? 'st'
        : last === 2
          ? 'nd'
          : last === 3
            ? 'rd'
            : 'th'
  return `${p}${suffix}`
}

/**
 * The note for `count` cells drawn at the edge of `range`: which end was capped, at which
 * percentile, and how far the values go. Null when no cell is clipped.
 */
export function clippedCellsNote(count: number, range: RobustRange): string | null {
  if (count <= 0) return null
  const ends: string[] = []
  if (range.cappedHi) ends.push(`above ${formatTick(range.hi)} (largest ${formatTick(range.max)})`)
  if (range.cappedLo) ends.push(`below ${formatTick(range.lo)} (smallest ${formatTick(range.min)})`)
  const where = ends.length ? ` ${ends.join(' or ')}` : ' outside the height range'
  const why = ends.length
    ? `: the axis ends at the run's ${percentile(range.quantile)} percentile so a few outliers don't flatten the rest`
    : ''
  return `${countOf(count, 'cell')}${where}, drawn at the axis's edge${why}.`
}

/** Shares of one histogram's values below and above its range (NaN counts read as 0). */
function outside(h: ProbeRecord['layers'][number]['pre']['histogram']): [number, number] {
  const count = (c: number) => (Number.isFinite(c) ? c : 0)
  let total = count(h.underflow) + count(h.overflow)
  for (const c of h.counts) total += count(c)
  return total > 0 ? [count(h.underflow) / total, count(h.overflow) / total] : [0, 0]
}

const pct = (share: number) => `${Number((share * 100).toPrecision(2))}%`

/**
 * The note for layer `layer`'s ridges over `probes` (the slices drawn): at how many probes some
 * pre-activations fall outside the histogram range, and the largest share, its step and sides.
 * Null when every value is inside. Does not mutate.
 */
export function ridgeOutsideNote(probes: readonly ProbeRecord[], layer: number): string | null {
  let hit = 0
  let drawn = 0
  let worst: { step: number; below: number; above: number } | null = null
  let range: [number, number] = [0, 0]
  for (const p of probes) {
    const h = p.layers[layer]?.pre.histogram
    if (!h) continue
    drawn++
    const [below, above] = outside(h)
    if (below + above === 0) continue
    hit++
    if (!worst || below + above > worst.below + worst.above) {
      worst = { step: p.step, below, above }
      range = [h.lo, h.hi]
    }
  }
  if (!worst) return null
  const sides = [
    worst.below > 0 ? `${pct(worst.below)} below` : '',
    worst.above > 0 ? `${pct(worst.above)} above` : ''
  ].filter(Boolean)
  return (
    `At ${hit} of ${countOf(drawn, 'probe')} some pre-activations fall outside the histogram ` +
    `range ${formatTick(range[0])} … ${formatTick(range[1])} and are not drawn: up to ` +
    `${pct(worst.below + worst.above)} at step ${worst.step} (${sides.join(', ')}).`
  )
}
