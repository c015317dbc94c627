/**
 * The decoded-image cache: one pack file per (folder, input shape, resize policy) holding every
 * usable image as raw uint8 pixels at the target shape, with an index keyed by file identity
 * (relative path, size, mtime) and a CRC-32 per record. A pack is written to a temporary file and
 * renamed into place (atomic); every record is checked against its CRC when read, so a corrupt
 * entry is re-decoded rather than trusted. Layout: records…, index JSON, u32 length, u32 CRC,
 * 8-byte magic.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import { syncDir, tempNameFor } from '../../files/atomic-write'

const MAGIC = 'TSPACK01'
const FOOTER_BYTES = 16
const VERSION = 2

/**
 * Where an image's pixels sit in a pack: [rel, size, mtimeMs, offset, crc]. A file known to be
 * unusable is remembered too, as offset -1 with its reason, so it is not decoded again until it
 * changes.
 */
export type PackEntry = [string, number, number, number, number, string?]

interface PackIndex {
  version: number
  recordBytes: number
  entries: PackEntry[]
}

/** The pack file for a folder, shape and policy under `cacheDir`. Pure path arithmetic. */
export function packPath(
  cacheDir: string,
  realRoot: string,
  shape: readonly number[],
  resize: string
): string {
  const key = `${VERSION}|${realRoot}|${shape.join('x')}|${resize}`
  return join(cacheDir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.pack`)
}

/** Identity of a file for cache lookup. */
export const identity = (rel: string, size: number, mtimeMs: number): string =>
  `${size}:${Math.round(mtimeMs)}:${rel}`

/** A pack opened for lookups; reading a record checks its CRC. */
export class PackReader {
  private constructor(
    readonly path: string,
    readonly recordBytes: number,
    private readonly byIdentity: Map<string, PackEntry>
  ) {}

  /** Opens and validates the index; null when the file is absent, foreign or damaged. */
  static async open(path: string, recordBytes: number): Promise<PackReader | null> {
    const index = await readIndex(path).catch(() => null)
    if (index === null || index.version !== VERSION || index.recordBytes !== recordBytes)
      return null
    const map = new Map(index.entries.map((e) => [identity(e[0], e[1], e[2]), e]))
    return new PackReader(path, recordBytes, map)
  }

  get size(): number {
    return this.byIdentity.size
  }

  lookup(rel: string, size: number, mtimeMs: number): PackEntry | null {
    return this.byIdentity.get(identity(rel, size, mtimeMs)) ?? null
  }
}

async function readIndex(path: string): Promise<PackIndex | null> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    if (size < FOOTER_BYTES) return null
    const footer = await readAt(handle, size - FOOTER_BYTES, FOOTER_BYTES)
    if (footer.toString('latin1', 8) !== MAGIC) return null
    const length = footer.readUInt32LE(0)
    if (length > size - FOOTER_BYTES) return null
    const json = await readAt(handle, size - FOOTER_BYTES - length, length)
    if (crc32(json) !== footer.readUInt32LE(4)) return null
    const index = JSON.parse(json.toString('utf8')) as PackIndex
    return Array.isArray(index.entries) ? index : null
  } finally {
    await handle.close()
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  if (bytesRead !== length) throw new Error('short read')
  return buffer
}

/**
 * Reads records of `pack` into `out` (record i of `entries` at out offset i · recordBytes).
 * Returns, per entry, whether its bytes matched their CRC; a false record must be re-decoded.
 */
export async function readRecords(
  pack: string,
  recordBytes: number,
  entries: readonly PackEntry[],
  out: Uint8Array
): Promise<boolean[]> {
  const handle = await open(pack, 'r')
  try {
    return await Promise.all(
      entries.map(async (entry, i) => {
        const view = out.subarray(i * recordBytes, (i + 1) * recordBytes)
        const { bytesRead } = await handle.read(view, 0, recordBytes, entry[3])
        return bytesRead === recordBytes && crc32(view) === entry[4]
      })
    )
  } finally {
    await handle.close()
  }
}

/** Writes a new pack to a temporary file; `finish` renames it into place. */
export class PackWriter {
  private entries: PackEntry[] = []
  private offset = 0
  private pending: Buffer[] = []
  private pendingBytes = 0
  private written = 0

  private constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    readonly path: string,
    private readonly recordBytes: number
  ) {}

  static async create(path: string, recordBytes: number): Promise<PackWriter> {
    await mkdir(join(path, '..'), { recursive: true })
    const temp = tempNameFor(path)
    return new PackWriter(await open(temp, 'w'), temp, path, recordBytes)
  }

  /** Appends one record (copied); returns its entry. */
  async append(rel: string, size: number, mtimeMs: number, pixels: Uint8Array): Promise<PackEntry> {
    const entry: PackEntry = [rel, size, mtimeMs, this.offset, crc32(pixels)]
    this.entries.push(entry)
    this.pending.push(Buffer.from(pixels))
    this.pendingBytes += pixels.length
    this.offset += this.recordBytes
    if (this.pendingBytes >= 1 << 20) await this.flush()
    return entry
  }

  /** Remembers that a file could not be used, and why. */
  appendFailure(rel: string, size: number, mtimeMs: number, reason: string): void {
    this.entries.push([rel, size, mtimeMs, -1, 0, reason])
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const chunk = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    // Explicit positions: appends from concurrent decodes may flush while a write is in flight.
    const at = this.written
    this.written += chunk.length
    await this.handle.write(chunk, 0, chunk.length, at)
  }

  /** Writes the index and footer, syncs and atomically replaces the pack. Returns the entries. */
  async finish(): Promise<PackEntry[]> {
    await this.flush()
    const index: PackIndex = {
      version: VERSION,
      recordBytes: this.recordBytes,
      entries: this.entries
    }
    const json = Buffer.from(JSON.stringify(index), 'utf8')
    const footer = Buffer.alloc(FOOTER_BYTES)
    footer.writeUInt32LE(json.length, 0)
    footer.writeUInt32LE(crc32(json), 4)
    footer.write(MAGIC, 8, 'latin1')
    const tail = Buffer.concat([json, footer])
    await this.handle.write(tail, 0, tail.length, this.written)
    await this.handle.sync()
    await this.handle.close()
    await rename(this.temp, this.path)
    await syncDir(dirname(this.path))
    return this.entries
  }

  /** Drops the temporary file (after a cancel or an error). */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => {})
    await rm(this.temp, { force: true })
  }
}
