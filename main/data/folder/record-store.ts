/**
 * Where decoded images live once loaded: all in memory (uint8, one record per file), or in the
 * cache pack on disk, read per batch (a folder larger than the memory budget). `FolderSplit`
 * turns records into the trainer's float32 [0, 1] batches.
 */
import type { Split } from '../dataset'
import { decodeImageFile, type DecodeLimits, type ResizePolicy } from './decode-image'
import { readRecords, type PackEntry } from './image-cache'
import type { ScannedFile } from './scan-folder'

/** Raw uint8 records addressed by file index (the scan's order). */
export interface RecordStore {
  readonly recordBytes: number
  /** Writes records of `ids` into `out` (record i at i · recordBytes). */
  read(ids: ArrayLike<number>, out: Uint8Array): Promise<void>
}

/** Every record in one buffer: slot i holds file i. */
export class MemoryStore implements RecordStore {
  constructor(
    readonly recordBytes: number,
    readonly bytes: Uint8Array
  ) {}

  async read(ids: ArrayLike<number>, out: Uint8Array): Promise<void> {
    const size = this.recordBytes
    for (let i = 0; i < ids.length; i++) {
      out.set(this.bytes.subarray(ids[i]! * size, (ids[i]! + 1) * size), i * size)
    }
  }
}

/** Records read from the pack on demand; a record failing its CRC is decoded again from its file. */
export class PackStore implements RecordStore {
  constructor(
    readonly recordBytes: number,
    private readonly pack: string,
    private readonly entries: readonly (PackEntry | null)[],
    private readonly files: readonly ScannedFile[],
    private readonly decode: {
      shape: readonly [number, number, number]
      resize: ResizePolicy
      limits: DecodeLimits
    }
  ) {}

  async read(ids: ArrayLike<number>, out: Uint8Array): Promise<void> {
    const wanted = Array.from(ids, (id) => this.entryOf(id))
    const valid = await readRecords(this.pack, this.recordBytes, wanted, out)
    for (let i = 0; i < valid.length; i++) {
      if (valid[i]) continue
      const file = this.files[ids[i]!]!
      const pixels = await decodeImageFile(
        file.path,
        this.decode.shape,
        this.decode.resize,
        this.decode.limits
      ).catch((error: Error) => {
        throw new Error(
          `${file.rel} became unusable while training (${error.message}); load the folder again.`
        )
      })
      out.set(pixels, i * this.recordBytes)
    }
  }

  private entryOf(id: number): PackEntry {
    const entry = this.entries[id]
    if (!entry) throw new Error(`internal: file ${id} has no cache record`)
    return entry
  }
}

/** One split over a store: `ids` are file indices, `labels` their classes. */
export class FolderSplit implements Split {
  readonly count: number

  constructor(
    private readonly store: RecordStore,
    readonly ids: Int32Array,
    readonly labels: Int32Array
  ) {
    this.count = ids.length
  }

  /** Writes images of `indices` (split positions) into `out` as float32 in [0, 1]. */
  async gather(indices: ArrayLike<number>, out: Float32Array): Promise<void> {
    const size = this.store.recordBytes
    if (out.length < indices.length * size) {
      throw new Error(`gather: out holds ${out.length} values, ${indices.length * size} needed`)
    }
    const fileIds = Array.from(indices, (i) => {
      const id = i >= 0 && i < this.count ? this.ids[i] : undefined
      if (id === undefined) throw new Error(`gather: index ${i} outside 0..${this.count - 1}`)
      return id
    })
    const bytes = new Uint8Array(indices.length * size)
    await this.store.read(fileIds, bytes)
    for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255
  }
}
