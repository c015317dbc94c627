/**
 * The data behind the ridge view: a ring buffer of one layer's fixed-range pre-activation
 * histograms over probe times, and the in-place writer that lays each histogram out as a filled
 * ridge (a strip from the baseline up to the density curve) plus its outline, oldest slice at the
 * back. Pure typed-array code (no three.js, no DOM); ridge-mesh.ts owns the geometry.
 */
import type { Histogram } from '../../../main/contract/runs/records'
import { advanceRing, rowZ, slotOf, type Footprint, type TimeRing } from './time-ring'

export interface RidgeBuffer extends TimeRing {
  readonly bins: number
  /** [capacity × bins] fraction of the slice's values in each bin, by physical slot. */
  readonly density: Float32Array
  /** [capacity × 2] share of the slice's values below lo and at or above hi, by physical slot. */
  readonly outside: Float32Array
  lo: number
  hi: number
}

export function createRidgeBuffer(bins: number, capacity: number): RidgeBuffer {
  const b = Math.max(2, Math.floor(bins))
  const c = Math.max(2, Math.floor(capacity))
  return {
    bins: b,
    capacity: c,
    density: new Float32Array(b * c),
    outside: new Float32Array(2 * c),
    steps: new Float64Array(c),
    lo: -1,
    hi: 1,
    count: 0,
    head: 0
  }
}

/**
 * Appends one histogram (its counts normalised by all values, tails included); non-finite counts
 * read as 0 and a non-finite range keeps the previous one. Mutates `buf`.
 */
export function pushHistogram(buf: RidgeBuffer, step: number, h: Histogram): void {
  // A diverged run's record can hold NaN/Infinity (null once read back from JSON): counted as
  // 0, and the range kept, so nothing non-finite ever reaches the GPU buffers.
  const count = (c: number | undefined) => (c !== undefined && Number.isFinite(c) ? c : 0)
  let total = count(h.underflow) + count(h.overflow)
  for (const c of h.counts) total += count(c)
  const base = buf.head * buf.bins
  for (let b = 0; b < buf.bins; b++) {
    buf.density[base + b] = total > 0 ? count(h.counts[b]) / total : 0
  }
  buf.outside[buf.head * 2] = total > 0 ? count(h.underflow) / total : 0
  buf.outside[buf.head * 2 + 1] = total > 0 ? count(h.overflow) / total : 0
  if (Number.isFinite(h.lo) && Number.isFinite(h.hi) && h.hi > h.lo) {
    buf.lo = h.lo
    buf.hi = h.hi
  }
  advanceRing(buf, step)
}

/** Each filled row's shares below and above the histogram range, oldest row (0) first. */
export function outsideShares(buf: RidgeBuffer): { row: number; below: number; above: number }[] {
  return Array.from({ length: buf.count }, (_, row) => {
    const slot = slotOf(buf, row)
    return { row, below: buf.outside[slot * 2]!, above: buf.outside[slot * 2 + 1]! }
  })
}

/** Vertices of the filled ridges: per slice, per bin, a baseline and a top vertex. */
export function ridgeVertexCount(bins: number, capacity: number): number {
  return capacity * bins * 2
}

/** Triangle indices: per slice, a strip of quads between the baseline and the curve. */
export function ridgeIndices(bins: number, capacity: number): Uint32Array {
  const out = new Uint32Array(capacity * (bins - 1) * 6)
  let k = 0
  for (let t = 0; t < capacity; t++) {
    for (let b = 0; b < bins - 1; b++) {
      const base = (t * bins + b) * 2 // base = bottom, base+1 = top
      out.set([base, base + 2, base + 1, base + 1, base + 2, base + 3], k)
      k += 6
    }
  }
  return out
}

/** Index count covering the filled slices. */
export function ridgeIndexCount(buf: RidgeBuffer): number {
  return buf.count * (buf.bins - 1) * 6
}

/** The largest bin share among the filled slices. */
export function ridgePeak(buf: RidgeBuffer): number {
  let peak = 0
  for (let i = 0; i < buf.density.length; i++) peak = Math.max(peak, buf.density[i]!)
  return peak
}

/**
 * Writes every filled slice (oldest first, at the back) into `fill` (xyz per baseline/top vertex)
 * and `outline` (xyz pairs per segment of the curve). Heights are scaled so a bin holding `peak`
 * of its slice's values (by default the tallest filled bin; the whole run's during a replay)
 * reaches `layout.height`; the depth holds `rows` rows, as in the unit landscape. Mutates only
 * `fill` and `outline`; returns that scale.
 */
export function writeRidges(
  buf: RidgeBuffer,
  fill: Float32Array,
  outline: Float32Array,
  layout: Footprint,
  rows = buf.count,
  peak = ridgePeak(buf)
): number {
  const scale = layout.height / (peak > 0 ? peak : 1)
  const total = Math.max(1, rows, buf.count)
  for (let t = 0; t < buf.count; t++) {
    const slot = slotOf(buf, t)
    // Row centres as in the unit landscape, so both modes share one time axis.
    const z = rowZ(t, total, layout.depth)
    for (let b = 0; b < buf.bins; b++) {
      const x = ((b + 0.5) / buf.bins - 0.5) * layout.width
      const y = buf.density[slot * buf.bins + b]! * scale
      const v = (t * buf.bins + b) * 6
      fill.set([x, 0, z, x, y, z], v)
      if (b > 0) {
        const s = (t * (buf.bins - 1) + b - 1) * 6
        outline.set([fill[v - 6 + 3]!, fill[v - 6 + 4]!, z, x, y, z], s)
      }
    }
  }
  return scale
}

/**
 * The slice and bin under a fill vertex: step, the bin's value range and its fraction, and the
 * slice's shares below and above the histogram range (not drawn).
 */
export function ridgeCellAt(
  buf: RidgeBuffer,
  vertex: number
): {
  step: number
  from: number
  to: number
  fraction: number
  below: number
  above: number
} | null {
  const t = Math.floor(vertex / 2 / buf.bins)
  const b = Math.floor(vertex / 2) % buf.bins
  if (vertex < 0 || t >= buf.count) return null
  const slot = slotOf(buf, t)
  const w = (buf.hi - buf.lo) / buf.bins
  return {
    step: buf.steps[slot]!,
    from: buf.lo + b * w,
    to: buf.lo + (b + 1) * w,
    fraction: buf.density[slot * buf.bins + b]!,
    below: buf.outside[slot * 2]!,
    above: buf.outside[slot * 2 + 1]!
  }
}
