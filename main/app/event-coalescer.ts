/**
 * Coalesces a run's TrainEvents into batches for the UI, so a fast trainer cannot flood IPC or
 * the WebSocket and a slow UI cannot make anything queue without bound:
 *
 *   - at most one delivery per window (default 100 ms, like tfjs-layers' 125 ms `yieldEvery`);
 *     the first event after a delivery opens the window, so nothing waits longer than that;
 *   - `step`, `probe`, `epoch`, `backend`, `dataset`, `layers` are kept, in arrival order (the
 *     views draw every probe over time, and the first one is the initialization's reference);
 *   - `phase`, `loading` and `state` are snapshots: a newer one replaces the pending one, so the
 *     newest always arrives and older ones are never queued;
 *   - `weights` are not forwarded (large; the UI reads them from the run directory);
 *   - `end` is delivered at once, after everything pending;
 *   - while `canDeliver()` says no (a congested socket), delivery is retried every window;
 *     pending steps beyond `maxSteps` are thinned to every other one (newest kept) and counted
 *     in `droppedSteps`, and pending probes beyond `maxProbes` likewise (the first and the newest
 *     kept), so memory stays bounded however long the UI is away.
 * Time is injected (`schedule`) so tests drive it.
 */
import type { TrainEvent } from '../contract/trainer-protocol'
import type { TrainEventBatch, UiTrainEvent } from '../contract/ipc/contract'

export interface CoalescerOptions {
  /** Longest time an event waits before delivery, in ms. */
  windowMs?: number
  /** Most step records held while the UI is not taking deliveries. */
  maxSteps?: number
  /** Most probe records held while the UI is not taking deliveries (each can be large). */
  maxProbes?: number
  /** False while the receiver is congested; the batch then waits another window. */
  canDeliver?: () => boolean
  /** Runs `fn` after `ms`; returns a cancel function. setTimeout by default. */
  schedule?: (fn: () => void, ms: number) => () => void
}

export interface EventCoalescer {
  /** Takes one event from the trainer. */
  push(event: TrainEvent): void
  /** Delivers whatever is pending now (if any). */
  flush(): void
  /** Cancels the pending timer; later pushes are ignored. */
  dispose(): void
}

type EventType = UiTrainEvent['type']
const SNAPSHOTS = new Set<EventType>(['phase', 'loading', 'state'])
/** Superseded snapshots leave holes in the pending list; past this many it is compacted. */
const MAX_HOLES = 64

const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms)
  return () => clearTimeout(timer)
}

/** The events waiting for the next delivery, merged and bounded as the header says. */
class PendingEvents {
  private events: (UiTrainEvent | null)[] = []
  private snapshotAt = new Map<EventType, number>()
  private steps = 0
  private probes = 0
  private holes = 0
  private dropped = 0

  constructor(
    private readonly maxSteps: number,
    private readonly maxProbes: number
  ) {}

  /** Adds one event (mutates this). */
  add(event: UiTrainEvent): void {
    if (SNAPSHOTS.has(event.type)) {
      const previous = this.snapshotAt.get(event.type)
      if (previous !== undefined) {
        this.events[previous] = null
        if (++this.holes > MAX_HOLES) this.compact()
      }
      this.snapshotAt.set(event.type, this.events.length)
    }
    this.events.push(event)
    if (event.type === 'step' && ++this.steps > this.maxSteps) this.thinSteps()
    if (event.type === 'probe' && ++this.probes > this.maxProbes) this.thinProbes()
  }

  /** Everything pending as one batch, or null when nothing is; empties this. */
  take(runId: string): TrainEventBatch | null {
    const events = this.events.filter((e): e is UiTrainEvent => e !== null)
    const batch = { runId, events, droppedSteps: this.dropped }
    this.events = []
    this.snapshotAt.clear()
    this.steps = this.probes = this.holes = this.dropped = 0
    return events.length > 0 || batch.droppedSteps > 0 ? batch : null
  }

  /** Drops every other pending step, walking back from the newest so that it survives. */
  private thinSteps(): void {
    let keep = true
    for (let i = this.events.length - 1; i >= 0; i--) {
      if (this.events[i]?.type !== 'step') continue
      if (!keep) {
        this.events[i] = null
        this.dropped++
        this.steps--
      }
      keep = !keep
    }
    this.compact()
  }

  /** Drops every other pending probe but the first and the newest (the UI keeps no gap map). */
  private thinProbes(): void {
    const at = this.events.flatMap((e, i) => (e?.type === 'probe' ? [i] : []))
    for (let k = at.length - 2; k >= 1; k -= 2) {
      this.events[at[k]!] = null
      this.probes--
    }
    this.compact()
  }

  /** Removes the holes and moves the snapshot positions with them. */
  private compact(): void {
    const out: UiTrainEvent[] = []
    for (const event of this.events) {
      if (event === null) continue
      if (SNAPSHOTS.has(event.type)) this.snapshotAt.set(event.type, out.length)
      out.push(event)
    }
    this.events = out
    this.holes = 0
  }
}

/** Creates a coalescer that hands batches for `runId` to `deliver`. */
export function createEventCoalescer(
  runId: string,
  deliver: (batch: TrainEventBatch) => void,
  options: CoalescerOptions = {}
): EventCoalescer {
  const windowMs = options.windowMs ?? 100
  const canDeliver = options.canDeliver ?? (() => true)
  const schedule = options.schedule ?? defaultSchedule
  const pending = new PendingEvents(
    Math.max(2, options.maxSteps ?? 2000),
    Math.max(3, options.maxProbes ?? 40)
  )
  let cancelTimer: (() => void) | null = null
  let disposed = false

  const flush = (force: boolean) => {
    cancelTimer?.()
    cancelTimer = null
    if (!force && !canDeliver()) return arm()
    const batch = pending.take(runId)
    if (batch) deliver(batch)
  }
  const arm = () => {
    if (cancelTimer || disposed) return
    cancelTimer = schedule(() => {
      cancelTimer = null
      flush(false)
    }, windowMs)
  }

  return {
    push(event) {
      if (disposed || event.type === 'weights') return
      pending.add(event)
      if (event.type === 'end') flush(true)
      else arm()
    },
    flush: () => flush(false),
    dispose() {
      disposed = true
      cancelTimer?.()
      cancelTimer = null
    }
  }
}
