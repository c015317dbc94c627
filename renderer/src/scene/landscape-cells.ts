/**
 * The unit landscape as discrete cells: one flat tile per unit × probe at the unit's height,
 * in one state colour, with a riser at its front edge down (or up) to the next probe's tile, so
 * each unit is a stepped ribbon along time and no colour or height is ever interpolated between
 * two units or two probes. Rows are one per probe, oldest at the back (−z), every row the same
 * depth; columns one per shown unit with a small gap between ribbons. Pure typed-array code:
 * cell-mesh.ts hands these arrays to a BufferGeometry allocated once.
 */
import { STATE_STYLES } from '../lib/state-colors'
import type { LandscapeBuffer } from './landscape-buffer'
import { heightOf, isClipped, type HeightScale } from './height-scale'
import { rowZ, slotOf, type Footprint } from './time-ring'

/** Vertices per cell: the top tile (4) and its front riser (4). */
export const CELL_VERTICES = 8
/** Triangle indices per cell: two per quad. */
export const CELL_INDICES = 12
/** Share of a column's width left empty between two units' ribbons. */
export const RIBBON_GAP = 0.15
/** Brightness of a riser relative to its tile, so steps read as steps without lighting. */
export const RISER_SHADE = 0.62

/** An sRGB channel (0..1) in linear light: three.js treats vertex colours as linear. */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** Each state's palette colour in linear light, indexed by state code (every palette entry). */
const LINEAR_STATE_RGB = STATE_STYLES.map((style) => {
  const [r, g, b] = style.rgb
  return [srgbToLinear(r), srgbToLinear(g), srgbToLinear(b)] as const
})

/** Triangle indices for `cells` cells (two quads each, vertices as written by writeCells). */
export function cellIndices(cells: number): Uint32Array {
  const out = new Uint32Array(cells * CELL_INDICES)
  for (let c = 0; c < cells; c++) {
    const v = c * CELL_VERTICES
    out.set([v, v + 2, v + 1, v + 1, v + 2, v + 3], c * CELL_INDICES)
    out.set([v + 4, v + 6, v + 5, v + 5, v + 6, v + 7], c * CELL_INDICES + 6)
  }
  return out
}

/** Fixed normals: tiles face up, risers face the viewer (two-sided lighting flips them). */
export function cellNormals(cells: number): Float32Array {
  const out = new Float32Array(cells * CELL_VERTICES * 3)
  for (let c = 0; c < cells; c++) {
    const v = c * CELL_VERTICES * 3
    for (let k = 0; k < 4; k++) out[v + k * 3 + 1] = 1
    for (let k = 4; k < 8; k++) out[v + k * 3 + 2] = 1
  }
  return out
}

/** Centre x of column `column` of `columns` across `width` (also where unit ticks go). */
export function columnX(column: number, columns: number, width: number): number {
  return ((column + 0.5) / columns - 0.5) * width
}

/** Index count covering the filled rows. */
export function cellIndexCount(buf: LandscapeBuffer): number {
  return buf.count * buf.units * CELL_INDICES
}

/**
 * Writes the filled rows as cells (oldest first) into `positions` (xyz) and `colors` (linear
 * rgb, drawn unlit): heights from `scale` with the largest |value| of its range `layout.height`
 * high; the state colour of the cell, darker toward 0 height so a top view reads as a heatmap
 * of the values, and darker still on risers. The depth holds `rows` rows (at least the filled
 * ones; more during a replay, whose rows fill in front-wards against the whole run's). Mutates
 * only those two arrays; returns how many cells lie outside the scale's range (drawn clamped).
 */
export function writeCells(
  buf: LandscapeBuffer,
  scale: HeightScale,
  positions: Float32Array,
  colors: Float32Array,
  layout: Footprint,
  rows = buf.count
): number {
  const { width, depth, height } = layout
  const n = buf.units
  const total = Math.max(1, rows, buf.count)
  const rowDepth = depth / total
  const half = (width / n) * (1 - RIBBON_GAP) * 0.5
  let clipped = 0
  for (let t = 0; t < buf.count; t++) {
    const src = slotOf(buf, t) * n
    const next = t + 1 < buf.count ? slotOf(buf, t + 1) * n : -1
    const z0 = rowZ(t, total, depth) - rowDepth / 2
    const z1 = z0 + rowDepth
    for (let u = 0; u < n; u++) {
      const value = buf.heights[src + u]!
      if (isClipped(scale, value)) clipped++
      const y = heightOf(scale, value, height)
      const yNext = next < 0 ? 0 : heightOf(scale, buf.heights[next + u]!, height)
      const x = columnX(u, n, width)
      const v = (t * n + u) * CELL_VERTICES * 3
      quad(positions, v, x - half, x + half, y, y, z0, z1)
      quad(positions, v + 12, x - half, x + half, y, yNext, z1, z1)
      const [r, g, b] = LINEAR_STATE_RGB[buf.states[src + u]!] ?? LINEAR_STATE_RGB[0]!
      const shade = 0.45 + 0.55 * Math.min(1, Math.abs(y) / height)
      for (let k = 0; k < CELL_VERTICES; k++) {
        const f = k < 4 ? shade : shade * RISER_SHADE
        colors[v + k * 3] = r * f
        colors[v + k * 3 + 1] = g * f
        colors[v + k * 3 + 2] = b * f
      }
    }
  }
  return clipped
}

/**
 * Writes a quad's four corners at `at`: (xa, ya, za), (xb, ya, za), (xa, yb, zb), (xb, yb, zb).
 * Plain index writes: this runs for every cell on every probe.
 */
function quad(
  out: Float32Array,
  at: number,
  xa: number,
  xb: number,
  ya: number,
  yb: number,
  za: number,
  zb: number
): void {
  out[at] = xa
  out[at + 1] = ya
  out[at + 2] = za
  out[at + 3] = xb
  out[at + 4] = ya
  out[at + 5] = za
  out[at + 6] = xa
  out[at + 7] = yb
  out[at + 8] = zb
  out[at + 9] = xb
  out[at + 10] = yb
  out[at + 11] = zb
}

export interface LandscapeCell {
  /** Row from the oldest (0) and column. */
  row: number
  column: number
  step: number
  value: number
  state: number
}

/** The cell that vertex `vertex` belongs to (as laid out by writeCells), or null. */
export function cellAt(buf: LandscapeBuffer, vertex: number): LandscapeCell | null {
  const cell = Math.floor(vertex / CELL_VERTICES)
  const row = Math.floor(cell / buf.units)
  const column = cell % buf.units
  if (vertex < 0 || row >= buf.count) return null
  const slot = slotOf(buf, row)
  const src = slot * buf.units + column
  return { row, column, step: buf.steps[slot]!, value: buf.heights[src]!, state: buf.states[src]! }
}
