/**
 * Turns scanned files into decoded records: cache hits are read from the pack (and checked),
 * misses are decoded with sharp, several at a time (libuv runs them on separate cores), and a new
 * pack is written when anything changed. Small folders end in memory; folders over the memory
 * budget stay in the pack and are streamed per batch.
 */
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeImageFile, reasonFor, type DecodeLimits, type ResizePolicy } from './decode-image'
import { PackReader, PackWriter, packPath, readRecords, type PackEntry } from './image-cache'
import { makeRoomFor, touchPack, type CacheLimits } from './cache-budget'
import { MemoryStore, PackStore, type RecordStore } from './record-store'
import {
  LoadCancelled,
  throwIfCancelled,
  type ScannedFile,
  type ScanResult,
  type Skip
} from './scan-folder'

export interface DecodeOptions {
  shape: readonly [number, number, number]
  resize: ResizePolicy
  limits: DecodeLimits
  cacheDir?: string
  /** The cache's size cap and free-space margin (cache-budget.ts); defaults when absent. */
  cacheLimits?: CacheLimits
  memoryBudgetBytes: number
  concurrency: number
  signal?: AbortSignal
  onDecoded: (ok: boolean) => void
}

export interface Decoded {
  store: RecordStore
  /** usable[i]: file i decoded (or came from the cache) and is in the store. */
  usable: boolean[]
  skipped: Skip[]
  cacheHits: number
  streamed: boolean
}

interface Job {
  scan: ScanResult
  options: DecodeOptions
  recordBytes: number
  memory: Uint8Array | null
  entries: (PackEntry | null)[]
  usable: boolean[]
  skipped: Skip[]
  /** Files known to be unusable (from the old pack or decoded now), with the reason. */
  failed: Map<number, string>
}

/** Decodes (or reads from the cache) every scanned file. Throws only on cancel or a broken cache dir when streaming. */
export async function decodeAll(scan: ScanResult, options: DecodeOptions): Promise<Decoded> {
  const recordBytes = options.shape[0] * options.shape[1] * options.shape[2]
  const streamed = scan.files.length * recordBytes > options.memoryBudgetBytes
  const cacheDir = options.cacheDir ?? (streamed ? join(tmpdir(), 'trainscape-cache') : undefined)
  const job: Job = {
    scan,
    options,
    recordBytes,
    memory: streamed ? null : new Uint8Array(scan.files.length * recordBytes),
    entries: scan.files.map(() => null),
    usable: scan.files.map(() => false),
    skipped: [],
    failed: new Map()
  }
  const path = cacheDir ? packPath(cacheDir, scan.root, options.shape, options.resize) : null
  const reader = path ? await PackReader.open(path, recordBytes) : null
  if (path && reader) await touchPack(path)
  const hits = lookupHits(job, reader)
  const misses = scan.files.map((_, i) => i).filter((i) => !hits.has(i) && !job.failed.has(i))
  if (job.memory) misses.push(...(await readHits(job, reader, hits, job.memory)))
  const known = hits.size + job.failed.size
  const changed = misses.length > 0 || reader === null || reader.size !== known
  // The pack about to be written holds every file's record; room is made (or refused) first.
  const refused =
    path && cacheDir && changed
      ? await mkdir(cacheDir, { recursive: true })
          .then(() =>
            makeRoomFor(cacheDir, path, scan.files.length * recordBytes, options.cacheLimits)
          )
          .catch((thrown: unknown) => String(thrown))
      : null
  const writer =
    path && changed && refused === null
      ? await PackWriter.create(path, recordBytes).catch(() => null)
      : null
  if (streamed && changed && !writer)
    throw new Error(refused ?? `Cannot write the image cache in ${cacheDir}.`)
  await fillRecords(job, { reader, hits, misses, writer, streamed })
  const store: RecordStore = job.memory
    ? new MemoryStore(recordBytes, job.memory)
    : new PackStore(recordBytes, path ?? '', job.entries, scan.files, options)
  return { store, usable: job.usable, skipped: job.skipped, cacheHits: hits.size, streamed }
}

/** Decodes the misses and writes the new pack (when any); a failed cache write only matters when streaming. */
async function fillRecords(
  job: Job,
  run: {
    reader: PackReader | null
    hits: Map<number, PackEntry>
    misses: number[]
    writer: PackWriter | null
    streamed: boolean
  }
): Promise<void> {
  const { reader, hits, misses, writer, streamed } = run
  try {
    if (streamed && writer) misses.push(...(await copyHits(job, reader, hits, writer)))
    await decodeMisses(job, misses, streamed ? writer : null)
    if (job.memory && writer) await writeMemory(job, writer)
    if (writer) writeFailures(job, writer)
    const written = writer ? await writer.finish() : null
    if (written) placeEntries(job, written)
  } catch (error) {
    await writer?.abort()
    // In memory the images are loaded; a cache that could not be written only costs the next run.
    if (streamed || error instanceof LoadCancelled) throw error
  }
}

/** File index → pack entry for every file whose identity the old pack holds. */
function lookupHits(job: Job, reader: PackReader | null): Map<number, PackEntry> {
  const hits = new Map<number, PackEntry>()
  if (!reader) return hits
  job.scan.files.forEach((file, i) => {
    const entry = reader.lookup(file.rel, file.size, file.mtimeMs)
    if (entry && entry[3] < 0) fail(job, i, entry[5] ?? 'could not be decoded')
    else if (entry) hits.set(i, entry)
  })
  for (const [i, entry] of hits) {
    job.entries[i] = entry
    job.usable[i] = true
  }
  return hits
}

const CHUNK = 2048

/** Reads hit records into memory, checking CRCs; returns the ids whose record was corrupt. */
function readHits(
  job: Job,
  reader: PackReader | null,
  hits: Map<number, PackEntry>,
  memory: Uint8Array
): Promise<number[]> {
  return forEachValidHit(job, reader, hits, (id, pixels) => {
    memory.set(pixels, id * job.recordBytes)
  })
}

/** Streaming: copies valid hit records from the old pack into the new one; returns corrupt ids. */
function copyHits(
  job: Job,
  reader: PackReader | null,
  hits: Map<number, PackEntry>,
  writer: PackWriter
): Promise<number[]> {
  return forEachValidHit(job, reader, hits, (id, pixels) => appendRecord(job, writer, id, pixels))
}

/**
 * Reads the old pack's hit records in chunks, checking CRCs, and hands each valid record's pixels
 * to `use` (the pixels view is reused: copy it before the next call), counting it as decoded.
 * Corrupt records become misses; returns their ids.
 */
async function forEachValidHit(
  job: Job,
  reader: PackReader | null,
  hits: Map<number, PackEntry>,
  use: (id: number, pixels: Uint8Array) => void | Promise<void>
): Promise<number[]> {
  if (!reader) return []
  const ids = [...hits.keys()]
  const corrupt: number[] = []
  const buffer = new Uint8Array(CHUNK * job.recordBytes)
  for (let start = 0; start < ids.length; start += CHUNK) {
    throwIfCancelled(job.options.signal)
    const part = ids.slice(start, start + CHUNK)
    const valid = await readRecords(
      reader.path,
      job.recordBytes,
      part.map((i) => hits.get(i)!),
      buffer
    )
    for (const [k, id] of part.entries()) {
      if (!valid[k]) {
        corrupt.push(markMiss(job, hits, id))
        continue
      }
      await use(id, buffer.subarray(k * job.recordBytes, (k + 1) * job.recordBytes))
      job.options.onDecoded(true)
    }
  }
  return corrupt
}

function markMiss(job: Job, hits: Map<number, PackEntry>, id: number): number {
  hits.delete(id)
  job.entries[id] = null
  job.usable[id] = false
  return id
}

/** The scanned file `id` names; the ids come from the same scan, so a miss is a bug. */
function fileOf(job: Job, id: number): ScannedFile {
  const file = job.scan.files[id]
  if (file === undefined)
    throw new Error(`No scanned file has id ${id} (${job.scan.files.length} files).`)
  return file
}

async function appendRecord(job: Job, writer: PackWriter, id: number, pixels: Uint8Array) {
  const file = fileOf(job, id)
  job.entries[id] = await writer.append(file.rel, file.size, file.mtimeMs, pixels)
}

/** Decodes `ids` with at most `concurrency` decodes in flight. */
async function decodeMisses(job: Job, ids: number[], writer: PackWriter | null): Promise<void> {
  const { shape, resize, limits, concurrency, signal, onDecoded } = job.options
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      throwIfCancelled(signal)
      const id = ids[next++]!
      const file = fileOf(job, id)
      try {
        const pixels = await decodeImageFile(file.path, shape, resize, limits)
        if (job.memory) job.memory.set(pixels, id * job.recordBytes)
        if (writer) await appendRecord(job, writer, id, pixels)
        job.usable[id] = true
        onDecoded(true)
      } catch (error) {
        fail(job, id, reasonFor(error))
        onDecoded(false)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
}

function fail(job: Job, id: number, reason: string): void {
  job.failed.set(id, reason)
  job.skipped.push({ path: fileOf(job, id).rel, reason })
}

/** Remembers every unusable file in the new pack, so an unchanged bad file is not decoded again. */
function writeFailures(job: Job, writer: PackWriter): void {
  for (const [id, reason] of job.failed) {
    const file = fileOf(job, id)
    writer.appendFailure(file.rel, file.size, file.mtimeMs, reason)
  }
}

/** Memory mode: writes every usable record to the new pack in file order. */
async function writeMemory(job: Job, writer: PackWriter): Promise<void> {
  const memory = job.memory!
  for (let id = 0; id < job.usable.length; id++) {
    if (!job.usable[id]) continue
    await appendRecord(
      job,
      writer,
      id,
      memory.subarray(id * job.recordBytes, (id + 1) * job.recordBytes)
    )
  }
}

/** After a write, points every usable file at its record in the new pack. */
function placeEntries(job: Job, written: PackEntry[]): void {
  const byRel = new Map(written.map((e) => [e[0], e]))
  job.scan.files.forEach((file, i) => {
    if (job.usable[i]) job.entries[i] = byRel.get(file.rel) ?? null
  })
}
