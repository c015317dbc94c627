/**
 * The data behind the unit landscape: a ring buffer over probe times of one layer's per-unit
 * mean activation and state, and the in-place writer that lays it out as a height field
 * (time-major vertex grid, oldest row first) into preallocated vertex arrays. No three.js and
 * no DOM, so it is tested in Node; landscape-surface.ts hands these arrays to a BufferGeometry.
 */
import { stateStyle } from '../lib/state-colors'
import { advanceRing, slotOf, type Footprint, type TimeRing } from './time-ring'

export interface LandscapeBuffer extends TimeRing {
  /** Columns along the unit axis (sampled units; at least 2 so the surface has area). */
  readonly units: number
  /** [capacity × units], indexed by physical slot. */
  readonly heights: Float32Array
  readonly states: Uint8Array
}

export function createLandscapeBuffer(units: number, capacity: number): LandscapeBuffer {
  const u = Math.max(2, Math.floor(units))
  const c = Math.max(2, Math.floor(capacity))
  return {
    units: u,
    capacity: c,
    heights: new Float32Array(u * c),
    states: new Uint8Array(u * c),
    steps: new Float64Array(c),
    count: 0,
    head: 0
  }
}

/**
 * Appends one time row, overwriting the oldest when full. `values`/`states` are per unit of the
 * layer; `indices` picks the sampled units (column u shows unit indices[u]). Mutates `buf`.
 */
export function pushRow(
  buf: LandscapeBuffer,
  step: number,
  values: ArrayLike<number>,
  states: ArrayLike<number>,
  indices: ArrayLike<number>
): void {
  const base = buf.head * buf.units
  for (let u = 0; u < buf.units; u++) {
    const src = indices[Math.min(u, indices.length - 1)]
    const v = values[src]
    buf.heights[base + u] = Number.isFinite(v) ? v : 0
    buf.states[base + u] = states[src] ?? 0
  }
  advanceRing(buf, step)
}

/** Largest |height| among filled rows (1 when all are 0, so scaling never divides by 0). */
export function maxAbsHeight(buf: LandscapeBuffer): number {
  let m = 0
  const n = buf.count * buf.units
  // Filled slots are a prefix until the ring wraps, and everything after.
  const limit = buf.count < buf.capacity ? n : buf.heights.length
  for (let i = 0; i < limit; i++) m = Math.max(m, Math.abs(buf.heights[i]))
  return m > 0 ? m : 1
}

/**
 * Fixed x/z of a (capacity × units) vertex grid, centred, in a width × depth footprint:
 * x runs along units, z along time (oldest at -depth/2). Returns xyz triples; y starts at 0.
 */
export function gridPositions(
  units: number,
  capacity: number,
  width: number,
  depth: number
): Float32Array {
  const out = new Float32Array(units * capacity * 3)
  for (let t = 0; t < capacity; t++) {
    for (let u = 0; u < units; u++) {
      const i = (t * units + u) * 3
      out[i] = (u / (units - 1) - 0.5) * width
      out[i + 2] = (t / (capacity - 1) - 0.5) * depth
    }
  }
  return out
}

/** Triangle indices, row by row, so the first (rows-1)·(units-1)·6 cover the first `rows` rows. */
export function gridIndices(units: number, capacity: number): Uint32Array {
  const out = new Uint32Array((capacity - 1) * (units - 1) * 6)
  let k = 0
  for (let t = 0; t < capacity - 1; t++) {
    for (let u = 0; u < units - 1; u++) {
      const a = t * units + u
      const b = a + 1
      const c = a + units
      const d = c + 1
      out.set([a, c, b, b, c, d], k)
      k += 6
    }
  }
  return out
}

/** Index count to draw for the filled rows. */
export function filledIndexCount(buf: LandscapeBuffer): number {
  return Math.max(0, buf.count - 1) * (buf.units - 1) * 6
}

/**
 * Writes the filled rows, oldest first (at the back), into `positions` (xyz) and `colors`
 * (rgb): heights scaled so the tallest |value| reaches `layout.height`, state colours, and the
 * rows spread over the whole depth however few have arrived. Mutates only those two arrays —
 * the caller's preallocated geometry attributes. Returns the height scale used.
 */
export function writeSurface(
  buf: LandscapeBuffer,
  positions: Float32Array,
  colors: Float32Array,
  layout: Footprint
): number {
  const { width, depth, height } = layout
  const scale = height / maxAbsHeight(buf)
  const rows = Math.max(1, buf.count - 1)
  for (let t = 0; t < buf.count; t++) {
    const slot = slotOf(buf, t)
    const z = (t / rows - 0.5) * depth
    for (let u = 0; u < buf.units; u++) {
      const src = slot * buf.units + u
      const dst = (t * buf.units + u) * 3
      const y = buf.heights[src] * scale
      positions[dst] = (u / (buf.units - 1) - 0.5) * width
      positions[dst + 1] = y
      positions[dst + 2] = z
      const [r, g, b] = stateStyle(buf.states[src]).rgb
      const shade = 0.6 + 0.4 * Math.min(1, Math.abs(y) / height)
      colors[dst] = r * shade
      colors[dst + 1] = g * shade
      colors[dst + 2] = b * shade
    }
  }
  return scale
}

/**
 * Height-field normals of the filled rows from central differences of the positions written by
 * writeSurface (one pass, no triangle walk). Mutates only `normals` (xyz per vertex).
 */
export function writeNormals(
  buf: LandscapeBuffer,
  positions: Float32Array,
  normals: Float32Array
): void {
  const n = buf.units
  const rows = buf.count
  const at = (t: number, u: number, axis: number) => positions[(t * n + u) * 3 + axis]
  for (let t = 0; t < rows; t++) {
    const t0 = Math.max(0, t - 1)
    const t1 = Math.min(rows - 1, t + 1)
    for (let u = 0; u < n; u++) {
      const u0 = Math.max(0, u - 1)
      const u1 = Math.min(n - 1, u + 1)
      const sx = (at(t, u1, 1) - at(t, u0, 1)) / (at(t, u1, 0) - at(t, u0, 0) || 1)
      const sz = t1 > t0 ? (at(t1, u, 1) - at(t0, u, 1)) / (at(t1, u, 2) - at(t0, u, 2) || 1) : 0
      const len = Math.hypot(sx, 1, sz)
      const i = (t * n + u) * 3
      normals[i] = -sx / len
      normals[i + 1] = 1 / len
      normals[i + 2] = -sz / len
    }
  }
}

export interface LandscapeCell {
  /** Row from the oldest (0) and column. */
  row: number
  column: number
  step: number
  value: number
  state: number
}

/** The data under grid vertex `vertex` (row-major index as laid out by writeSurface), or null. */
export function cellAt(buf: LandscapeBuffer, vertex: number): LandscapeCell | null {
  const row = Math.floor(vertex / buf.units)
  const column = vertex % buf.units
  if (vertex < 0 || row >= buf.count) return null
  const slot = slotOf(buf, row)
  const src = slot * buf.units + column
  return { row, column, step: buf.steps[slot], value: buf.heights[src], state: buf.states[src] }
}
