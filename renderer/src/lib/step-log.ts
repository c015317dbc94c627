/**
 * The step records a view keeps of a run, bounded however long it trains: the newest steps at
 * full resolution, older ones in buckets that keep each bucket's lowest- and highest-loss record
 * (a non-finite loss counts as highest), so a loss spike or the divergence stays visible after
 * downsampling. Appends are amortized O(1): the newest steps are compacted a chunk at a time
 * and buckets are merged pairwise when there are too many, never copied per append.
 */
import type { StepRecord } from '../../../main/contract/runs/records'

/** Newest steps kept at full resolution (at least this many, at most twice as many). */
export const RECENT_STEPS = 2048
/** Buckets of older steps kept at most; each draws as one or two records. */
export const HISTORY_BUCKETS = 1024
/** Records `records()` returns at most. */
export const MAX_SHOWN_STEPS = 2 * RECENT_STEPS + 2 * HISTORY_BUCKETS

interface Bucket {
  /** The record with the lowest and the highest loss of the bucket (may be the same). */
  low: StepRecord
  high: StepRecord
  /** Steps the bucket stands for. */
  count: number
}

/** True when loss `a` is worse (higher, or not finite) than `b`. */
function worse(a: number, b: number): boolean {
  if (!Number.isFinite(a)) return Number.isFinite(b) || Number.isNaN(a)
  return Number.isFinite(b) && a > b
}

function merged(a: Bucket, b: Bucket): Bucket {
  return {
    low: worse(a.low.loss, b.low.loss) ? b.low : a.low,
    high: worse(b.high.loss, a.high.loss) ? b.high : a.high,
    count: a.count + b.count
  }
}

export class StepLog {
  #history: Bucket[] = []
  #recent: StepRecord[] = []
  /** Steps per history bucket (a power of two). */
  #span = 1
  #pending: Bucket | null = null
  #total = 0
  #shown: StepRecord[] | null = null
  /** Records moved by compaction and merging: a measure of the append cost, for tests. */
  work = 0

  /** Steps appended since the start, downsampled or not. */
  get total(): number {
    return this.#total
  }

  /** True once older steps are shown as min/max buckets rather than one by one. */
  get downsampled(): boolean {
    return this.#span > 1
  }

  /** Steps per bucket of the downsampled history (1 while nothing is downsampled). */
  get span(): number {
    return this.#span
  }

  /** The oldest step kept at full resolution, or undefined before any step. */
  get firstRecent(): StepRecord | undefined {
    return this.#recent[0]
  }

  get last(): StepRecord | undefined {
    return this.#recent.at(-1) ?? this.#pending?.high
  }

  /** Appends `records` (increasing steps). Mutates this log; does not keep `records` itself. */
  append(records: readonly StepRecord[]): void {
    for (const r of records) this.#recent.push(r)
    this.#total += records.length
    if (records.length) this.#shown = null
    if (this.#recent.length >= 2 * RECENT_STEPS) this.#compact()
  }

  /** Moves the oldest RECENT_STEPS records into buckets of #span steps. */
  #compact(): void {
    const old = this.#recent.slice(0, RECENT_STEPS)
    this.#recent = this.#recent.slice(RECENT_STEPS)
    this.work += 2 * RECENT_STEPS
    for (const r of old) {
      const b: Bucket = { low: r, high: r, count: 1 }
      this.#pending = this.#pending ? merged(this.#pending, b) : b
      if (this.#pending.count >= this.#span) {
        this.#history.push(this.#pending)
        this.#pending = null
      }
    }
    while (this.#history.length > HISTORY_BUCKETS) this.#halve()
  }

  /** Merges neighbouring buckets pairwise and doubles the span. */
  #halve(): void {
    const h = this.#history
    const next: Bucket[] = []
    for (let i = 0; i + 1 < h.length; i += 2) next.push(merged(h[i]!, h[i + 1]!))
    const odd = h.length % 2 === 1 ? h[h.length - 1]! : null
    if (odd) this.#pending = this.#pending ? merged(odd, this.#pending) : odd
    this.work += h.length
    this.#history = next
    this.#span *= 2
  }

  /**
   * The records to draw, oldest first: one or two per bucket (in step order), then the recent
   * steps. At most MAX_SHOWN_STEPS long; cached until the next append. Do not mutate the array.
   */
  records(): readonly StepRecord[] {
    if (this.#shown) return this.#shown
    const out: StepRecord[] = []
    const add = (b: Bucket) => {
      const [a, c] = b.low.step <= b.high.step ? [b.low, b.high] : [b.high, b.low]
      out.push(a)
      if (c !== a) out.push(c)
    }
    for (const b of this.#history) add(b)
    if (this.#pending) add(this.#pending)
    for (const r of this.#recent) out.push(r)
    this.#shown = out
    return out
  }
}

/** What a chart of this log should say about downsampling; '' while every step is shown. */
export function downsampleNote(log: StepLog): string {
  const from = log.firstRecent
  if (!log.downsampled || !from) return ''
  return (
    `steps before ${from.step} are downsampled: the lowest and highest loss of every ` +
    `${log.span} steps`
  )
}

/** A log holding `records` (e.g. a stored run read from its folder). */
export function stepLogOf(records: readonly StepRecord[]): StepLog {
  const log = new StepLog()
  for (let i = 0; i < records.length; i += RECENT_STEPS) {
    log.append(records.slice(i, i + RECENT_STEPS))
  }
  return log
}
