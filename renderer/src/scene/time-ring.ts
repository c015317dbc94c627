/**
 * The ring-buffer bookkeeping shared by the scene's buffers over probe times (the unit landscape
 * and the histogram ridges): which physical slot holds which time row, the training step of each
 * slot, and the footprint their writers lay the rows out in. Pure typed-array code.
 */

export interface TimeRing {
  /** Time rows kept; older rows are overwritten. */
  readonly capacity: number
  /** Training step of each physical slot. */
  readonly steps: Float64Array
  /** Rows filled so far (≤ capacity). */
  count: number
  /** Physical slot the next row goes into. */
  head: number
}

/** Scene units the rows are laid out in: x across, z along time (oldest at -depth/2), y up. */
export interface Footprint {
  width: number
  depth: number
  height: number
}

/** Physical slot of the row `t` places after the oldest (0 = oldest). */
export function slotOf(ring: TimeRing, t: number): number {
  const oldest = ring.count < ring.capacity ? 0 : ring.head
  return (oldest + t) % ring.capacity
}

/**
 * Marks the head slot (already written by the caller) as holding `step` and moves the head on,
 * overwriting the oldest row from then on once the ring is full. Mutates `ring`.
 */
export function advanceRing(ring: TimeRing, step: number): void {
  ring.steps[ring.head] = step
  ring.head = (ring.head + 1) % ring.capacity
  ring.count = Math.min(ring.capacity, ring.count + 1)
}

/** Centre z of row `row` of `rows` along `depth`, oldest (row 0) at the back (−depth/2). */
export function rowZ(row: number, rows: number, depth: number): number {
  return ((row + 0.5) / Math.max(1, rows) - 0.5) * depth
}
