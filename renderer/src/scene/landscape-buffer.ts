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

/** Smallest and largest finite value among the filled rows ([0, 0] when there are none). */
export function valueRange(buf: LandscapeBuffer): [number, number] {
  let lo = 0
  let hi = 0
  // Filled slots are a prefix until the ring wraps, and everything after.
  const limit = buf.count < buf.capacity ? buf.count * buf.units : buf.heights.length
  for (let i = 0; i < limit; i++) {
    const v = buf.heights[i]!
    if (v < lo) lo = v
    else if (v > hi) hi = v
  }
  return [lo, hi]
}
