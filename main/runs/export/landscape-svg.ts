/**
 * A static snapshot of the app's 3D activation landscape for the report: one layer's mean
 * activation per unit (x) over probes (depth), drawn as an isometric surface in inline SVG, with
 * dead units dark and saturated units orange. No WebGL, no scripts, no network. Pure.
 */
import { UNIT_STATE, type ProbeRecord, type UnitStats } from '../records'
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
  if (state === UNIT_STATE.saturated) return '#f28e2b'
  if (state === UNIT_STATE.stuckNegative) return '#b07aa1'
  const light = Math.round(75 - 40 * Math.min(1, Math.abs(height)))
  return `hsl(${height >= 0 ? 210 : 0},65%,${light}%)`
}

const LIFT = 60

/** Screen position of grid corner (u, t) at relative height h in [-1, 1]. */
function project(u: number, t: number, h: number, units: number, times: number): string {
  const x = 20 + ((u * UNITS_AXIS) / units + (t * TIME_AXIS) / times) * COS30
  const y = 40 + LIFT + TIME_AXIS / 2 + ((u * UNITS_AXIS) / units - (t * TIME_AXIS) / times) * 0.5
  return `${x.toFixed(1)},${(y - h * LIFT).toFixed(1)}`
}

/**
 * One quad per (time, unit) cell, painted back to front. heights: [times][units] in [-1, 1];
 * states: UNIT_STATE codes in the same layout.
 */
function surfacePolygons(heights: number[][], states: number[][]): string[] {
  const times = heights.length
  const units = heights[0].length
  const h = (t: number, u: number) => heights[Math.min(t, times - 1)][Math.min(u, units - 1)]
  const at = (u: number, t: number) => project(u, t, h(t, u), units, times)
  const polys: string[] = []
  for (let t = times - 1; t >= 0; t--) {
    for (let u = 0; u < units; u++) {
      const corners = [at(u, t), at(u + 1, t), at(u + 1, t + 1), at(u, t + 1)].join(' ')
      const fill = colour(states[t][u], h(t, u))
      polys.push(`<polygon points="${corners}" fill="${fill}" stroke="#fff" stroke-width="0.3"/>`)
    }
  }
  return polys
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
  const rows = probes
    .map((p) => p.layers[layer]?.units)
    .filter((u): u is UnitStats => u !== undefined && u.meanActivation.length > 0)
  if (rows.length === 0) return null
  const times = pick(rows.length, MAX_TIMES)
  const units = pick(rows[0].meanActivation.length, MAX_UNITS)
  const grid = times.map((t) => units.map((u) => rows[t].meanActivation[u]))
  const peak = Math.max(1e-12, ...grid.flat().filter(Number.isFinite).map(Math.abs))
  const heights = grid.map((row) => row.map((v) => (Number.isFinite(v) ? v / peak : 0)))
  const states = times.map((t) => units.map((u) => rows[t].state[u] ?? UNIT_STATE.alive))
  const width = Math.ceil(40 + (UNITS_AXIS + TIME_AXIS) * COS30)
  const height = Math.ceil(60 + 2 * LIFT + (UNITS_AXIS + TIME_AXIS) * 0.5)
  return [
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="10" role="img" aria-label="${escapeXml(title)}">`,
    `<text x="4" y="14" font-size="12" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="4" y="28">units ↘ (${units.length} of ${rows[0].meanActivation.length}), probes over time ↗ (${times.length} of ${rows.length}); height: mean activation (peak ${Number(peak.toPrecision(3))})</text>`,
    `<text x="4" y="42">dark: dead · orange: saturated · purple: stuck negative</text>`,
    ...surfacePolygons(heights, states),
    '</svg>'
  ].join('\n')
}
