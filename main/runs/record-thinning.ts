/**
 * Keeping a bounded, representative share of a run's records while they stream past, so a
 * genuinely long run (millions of steps, 450 MB of probes) opens in a window instead of ending
 * the server with `Invalid string length`. Two keepers, both bounded in records and in bytes at
 * every moment, whatever the file's length:
 * - steps: min/max decimation. The steps are cut into runs of `span` consecutive records, and of
 *   each run the record of lowest and of highest loss is kept (a non-finite loss counts as the
 *   highest, so a divergence is never thinned away); when over the cap, neighbouring runs merge
 *   and `span` doubles. The last record is always kept (the final loss).
 * - probes and epochs: evenly spaced ones (every `stride`-th, the first always, `stride` doubling
 *   when over the cap) plus the newest ones (what a person watching a long run looks at).
 * Pure: no I/O; offered items are not copied or mutated.
 */

/** The most records, and the most bytes of their lines, a keeper holds. */
export interface Thinning {
  maxRecords: number
  maxBytes: number
}

/** An item offered to a keeper: its 0-based position in the file, the item, its line's bytes. */
interface Entry<T> {
  index: number
  item: T
  bytes: number
}

export interface RecordKeeper<T> {
  /** Offers the record at 0-based position `index` (increasing), its line `bytes` long. */
  offer(index: number, item: T, bytes: number): void
  /** What is kept, in file order. */
  kept(): T[]
}

const bytesOf = <T>(entries: readonly Entry<T>[]) => entries.reduce((sum, e) => sum + e.bytes, 0)

/**
 * Evenly spaced records plus the newest ones, within `cap`. A quarter of the cap goes to the
 * newest (at least one record), the rest to the evenly spaced ones (the first always among them).
 */
export function spacedKeeper<T>(cap: Thinning): RecordKeeper<T> {
  const newestMax = Math.max(1, Math.floor(cap.maxRecords / 4))
  const newestBytes = cap.maxBytes / 4
  const spacedMax = Math.max(1, cap.maxRecords - newestMax)
  const spacedBytes = cap.maxBytes - newestBytes
  let stride = 1
  let spaced: Entry<T>[] = []
  let spacedSum = 0
  const newest: Entry<T>[] = []
  let newestSum = 0
  return {
    offer(index, item, bytes) {
      const entry = { index, item, bytes }
      newest.push(entry)
      newestSum += bytes
      while (newest.length > 1 && (newest.length > newestMax || newestSum > newestBytes))
        newestSum -= newest.shift()!.bytes
      if (index % stride !== 0) return
      spaced.push(entry)
      spacedSum += bytes
      while (spaced.length > 1 && (spaced.length > spacedMax || spacedSum > spacedBytes)) {
        stride *= 2
        spaced = spaced.filter((e) => e.index % stride === 0)
        spacedSum = bytesOf(spaced)
      }
    },
    kept() {
      const byIndex = new Map<number, T>()
      for (const e of [...spaced, ...newest]) byIndex.set(e.index, e.item)
      return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item)
    }
  }
}

/** A loss ranked for min/max: a non-finite one (NaN, ±Infinity) ranks above every number. */
const rank = (loss: number) => (Number.isFinite(loss) ? loss : Number.POSITIVE_INFINITY)

interface Bucket<T> {
  /** Index of the bucket's first record; the bucket is floor(first / span). */
  first: number
  lo: Entry<T>
  hi: Entry<T>
}

function mergeInto<T extends { loss: number }>(into: Bucket<T>, from: Bucket<T>): void {
  if (rank(from.lo.item.loss) < rank(into.lo.item.loss)) into.lo = from.lo
  if (rank(from.hi.item.loss) > rank(into.hi.item.loss)) into.hi = from.hi
}

const bucketBytes = <T>(b: Bucket<T>) => b.lo.bytes + (b.hi === b.lo ? 0 : b.hi.bytes)

/** Min/max decimation of records with a `loss`, within `cap` (plus the last record). */
export function minMaxKeeper<T extends { loss: number }>(cap: Thinning): RecordKeeper<T> {
  const maxBuckets = Math.max(1, Math.floor((cap.maxRecords - 1) / 2))
  let span = 1
  let buckets: Bucket<T>[] = []
  let sum = 0
  let last: Entry<T> | null = null
  function halve() {
    span *= 2
    const merged: Bucket<T>[] = []
    for (const b of buckets) {
      const into = merged.at(-1)
      if (into && Math.floor(into.first / span) === Math.floor(b.first / span)) mergeInto(into, b)
      else merged.push({ ...b })
    }
    buckets = merged
    sum = buckets.reduce((s, b) => s + bucketBytes(b), 0)
  }
  return {
    offer(index, item, bytes) {
      const entry = { index, item, bytes }
      last = entry
      const open = buckets.at(-1)
      if (open && Math.floor(open.first / span) === Math.floor(index / span)) {
        sum -= bucketBytes(open)
        mergeInto(open, { first: index, lo: entry, hi: entry })
        sum += bucketBytes(open)
      } else {
        buckets.push({ first: index, lo: entry, hi: entry })
        sum += bytes
      }
      while (buckets.length > 1 && (buckets.length > maxBuckets || sum > cap.maxBytes)) halve()
    },
    kept() {
      const byIndex = new Map<number, T>()
      for (const b of buckets) {
        byIndex.set(b.lo.index, b.lo.item)
        byIndex.set(b.hi.index, b.hi.item)
      }
      if (last) byIndex.set(last.index, last.item)
      return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, item]) => item)
    }
  }
}
