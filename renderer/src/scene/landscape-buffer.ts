/**
 * The data behind the unit landscape: a ring buffer over probe times of one layer's per-unit
 * mean activation and state (landscape-cells.ts lays it out as one flat cell per unit and
 * probe). No three.js and no DOM, so it is tested in Node.
 */
import { advanceRing, type TimeRing } from './time-ring'

export interface LandscapeBuffer extends TimeRing {
  /** Columns along the unit axis (sampled units). */
  readonly units: number
  /** [capacity × units], indexed by physical slot. */
  readonly heights: Float32Array
  readonly states: Uint8Array
}

export function createLandscapeBuffer(units: number, capacity: number): LandscapeBuffer {
  const u = Math.max(1, Math.floor(units))
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
    const src = indices[Math.min(u, indices.length - 1)]!
    const v = values[src]!
    buf.heights[base + u] = Number.isFinite(v) ? v : 0
    buf.states[base + u] = states[src] ?? 0
  }
  advanceRing(buf, step)
}

/** The heights of the filled rows (a view, not a copy; in slot order, not time order). */
export function filledHeights(buf: LandscapeBuffer): Float32Array {
  // Filled slots are a prefix until the ring wraps, and all of them after.
  return buf.heights.subarray(0, buf.count * buf.units)
}
