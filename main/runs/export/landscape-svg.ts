/**
 * A static snapshot of the app's 3D activation landscape for the report: one layer's mean
 * activation per unit (x) over probes (depth), drawn as in the app — one flat tile per unit and
 * probe at its height with a riser to the next probe, never interpolated between units — in
 * isometric inline SVG, with dead units dark and saturated units orange, and axes with ticks:
 * unit index, training step (the probes' real steps) and a height bar. No WebGL, no scripts,
 * no network. Pure.
 */
import { scaleLinear } from 'd3-scale'
import { UNIT_STATE, type ProbeRecord, type UnitStats } from '../../contract/runs/records'
import { escapeXml } from './svg-chart'

const MAX_UNITS = 48
const MAX_TIMES = 30
const COS30 = Math.cos(Math.PI / 6)
/** Drawn lengths of the units and time axes, in SVG pixels, whatever the counts. */
const UNITS_AXIS = 380
const TIME_AXIS = 220

/** `count` indices spread evenly over [0, n). */
function pick(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i)
  return Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1)))
}

function colour(state: number, height: number): string {
  if (state === UNIT_STATE.dead) return '#333'
  if (state === UNIT_STATE.inactiveOnProbe) return '#999'
  if (state === UNIT_STATE.saturated) return '#f28e2b'
  if (state === UNIT_STATE.stuckNegative) return '#b07aa1'
  const light = Math.round(75 - 40 * Math.min(1, Math.abs(height)))
  return `hsl(${height >= 0 ? 210 : 0},65%,${light}%)`
}

const LIFT = 60
/** Room above the landscape for the title lines and the height bar's top label. */
const TOP = 64

/** Screen position of grid corner (u, t) at relative height h in [-1, 1]. */
function project(u: number, t: number, h: number, units: number, times: number): string {
  const x = 20 + ((u * UNITS_AXIS) / units + (t * TIME_AXIS) / times) * COS30
  const y = TOP + LIFT + TIME_AXIS / 2 + ((u * UNITS_AXIS) / units - (t * TIME_AXIS) / times) * 0.5
  return `${x.toFixed(1)},${(y - h * LIFT).toFixed(1)}`
}

/** A darker shade of a cell's fill for its riser (hsl lightness lowered, hex colours dimmed). */
function riserFill(fill: string): string {
  const hsl = /^hsl\((\d+),65%,(\d+)%\)$/.exec(fill)
  if (hsl) return `hsl(${hsl[1]},65%,${Math.round(Number(hsl[2]) * 0.7)}%)`
  return fill === '#333' ? '#222' : fill
}

/**
 * One flat tile per (time, unit) cell at the cell's own height, with its front riser (toward
 * the previous probe) and side riser (toward the next unit) down or up to the neighbour's
 * height, painted back to front (by u − t, the depth in this projection). heights:
 * [times][units] in [-1, 1]; states: UNIT_STATE codes in the same layout.
 */
function surfacePolygons(heights: number[][], states: number[][]): string[] {
  const times = heights.length
  const units = heights[0]?.length ?? 0
  const at = (u: number, t: number, h: number) => project(u, t, h, units, times)
  const polys: string[] = []
  for (let depth = -(times - 1); depth < units; depth++) {
    for (let t = times - 1; t >= 0; t--) {
      const u = depth + t
      if (u < 0 || u >= units) continue
      const h = heights[t]![u]!
      const fill = colour(states[t]![u]!, h)
      const tile = [at(u, t, h), at(u + 1, t, h), at(u + 1, t + 1, h), at(u, t + 1, h)].join(' ')
      polys.push(`<polygon points="${tile}" fill="${fill}" stroke="#fff" stroke-width="0.3"/>`)
      const front = t > 0 ? heights[t - 1]![u]! : 0
      if (front !== h) {
        const riser = [at(u, t, h), at(u + 1, t, h), at(u + 1, t, front), at(u, t, front)]
        polys.push(`<polygon points="${riser.join(' ')}" fill="${riserFill(fill)}"/>`)
      }
      const side = u + 1 < units ? heights[t]![u + 1]! : 0
      if (side !== h) {
        const wall = [
          at(u + 1, t, h),
          at(u + 1, t + 1, h),
          at(u + 1, t + 1, side),
          at(u + 1, t, side)
        ]
        polys.push(`<polygon points="${wall.join(' ')}" fill="${riserFill(riserFill(fill))}"/>`)
      }
    }
  }
  return polys
}

/** A point string "x,y" moved by (dx, dy). */
function shifted(point: string, dx: number, dy: number): [number, number] {
  const [x = Number.NaN, y = Number.NaN] = point.split(',').map(Number)
  return [x + dx, y + dy]
}

function label(x: number, y: number, text: string, anchor = 'middle'): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" fill="#555">${escapeXml(text)}</text>`
}

/**
 * Tick labels: unit indices along the front edge, the probes' steps along the right edge, and a
 * height bar with 0, half and the peak at the back-left corner.
 */
function axisLabels(unitIndex: number[], total: number, steps: number[], peak: number): string[] {
  const units = unitIndex.length
  const times = steps.length
  const out: string[] = []
  for (const v of scaleLinear()
    .domain([0, total - 1])
    .ticks(6)
    .filter(Number.isInteger)) {
    // Column showing unit v (the nearest sampled one).
    const col = unitIndex.findIndex((u) => u >= v)
    if (col < 0) continue
    const [x, y] = shifted(project(col + 0.5, 0, 0, units, times), -4, 14)
    out.push(label(x, y, String(v)))
  }
  const every = Math.max(1, Math.ceil(times / 6))
  for (let t = 0; t < times; t++) {
    if (t % every !== 0 && t !== times - 1) continue
    const [x, y] = shifted(project(units, t + 0.5, 0, units, times), 10, 12)
    out.push(label(x, y, String(steps[t]), 'start'))
  }
  const [bx, by] = shifted(project(0, times, 0, units, times), -6, 0)
  out.push(`<line x1="${bx}" y1="${by}" x2="${bx}" y2="${by - LIFT}" stroke="#555"/>`)
  for (const f of [0, 0.5, 1]) {
    out.push(label(bx - 3, by - f * LIFT + 3, String(Number((f * peak).toPrecision(3))), 'end'))
  }
  return out
}

/**
 * The isometric landscape of layer `layer` over `probes`, or null when no probe has units for
 * it. Heights are mean activations scaled by the largest absolute finite one. Pure.
 */
export function landscapeSvg(
  probes: readonly ProbeRecord[],
  layer: number,
  title: string
): string | null {
  const measured = probes.flatMap((p) => {
    const stats = p.layers[layer]?.units as UnitStats | undefined
    return stats && stats.meanActivation.length > 0 ? [{ step: p.step, stats }] : []
  })
  const [first] = measured
  if (first === undefined) return null
  const unitCount = first.stats.meanActivation.length
  const times = pick(measured.length, MAX_TIMES).map((t) => measured[t]!)
  const units = pick(unitCount, MAX_UNITS)
  const grid = times.map((t) => units.map((u) => t.stats.meanActivation[u] ?? Number.NaN))
  const peak = Math.max(1e-12, ...grid.flat().filter(Number.isFinite).map(Math.abs))
  const heights = grid.map((row) => row.map((v) => (Number.isFinite(v) ? v / peak : 0)))
  const states = times.map((t) => units.map((u) => t.stats.state[u] ?? UNIT_STATE.alive))
  const steps = times.map((t) => t.step)
  const width = Math.ceil(40 + (UNITS_AXIS + TIME_AXIS) * COS30)
  const height = Math.ceil(TOP + 20 + 2 * LIFT + (UNITS_AXIS + TIME_AXIS) * 0.5)
  return [
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="10" role="img" aria-label="${escapeXml(title)}">`,
    `<text x="4" y="14" font-size="12" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="4" y="28">unit index ↘ (${units.length} of ${unitCount} units), training step ↗ (${times.length} of ${measured.length} probes); height: mean activation (peak ${Number(peak.toPrecision(3))})</text>`,
    `<text x="4" y="42">one tile per unit and probe · dark: dead · grey: inactive on the probe · orange: saturated · purple: stuck negative</text>`,
    ...surfacePolygons(heights, states),
    ...axisLabels(units, unitCount, steps, peak),
    '</svg>'
  ].join('\n')
}
