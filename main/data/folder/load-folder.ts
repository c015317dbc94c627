/**
 * The entry point for image folders: scan, decode (or read from the cache), split, and return
 * the ImageSet the trainer consumes, with the input normalization of its training split.
 * Reports progress (throttled) and honours an AbortSignal.
 */
import type { CacheLimits } from './cache-budget'
import { availableParallelism } from 'node:os'
import type { DataSpec, InputShape } from '../../contract/config/schema'
import { buildImageSet, type FolderImageSet } from './build-image-set'
import { decodeAll } from './decode-all'
import { DEFAULT_LIMITS, type DecodeLimits } from './decode-image'
import { deriveInputShape, type ShapeDerivation } from '../../contract/config/input-shape'
import { lookAtImages } from './look-at-images'
import { scanFolder, type ScanResult } from './scan-folder'
import { withNormalization } from '../normalization'
import { folderNormalization } from './stats-cache'

export interface LoadProgress {
  scanned: number
  decoded: number
  skipped: number
  /** Files to decode, once the scan is done; null while scanning. */
  total: number | null
}

export interface LoadFolderOptions {
  /** [height, width, channels]; channels 1 = grayscale, 3 = RGB. Absent: derived from the images. */
  inputShape?: InputShape
  /** Called once with the sampled images' sizes and the derived shape (before decoding). */
  onShape?: (derivation: ShapeDerivation) => void
  data: DataSpec
  seed: number
  /** Folder for the decoded-image cache; none keeps everything in memory (or a temp pack). */
  cacheDir?: string
  /** The decode cache's size cap and free-space margin (default: cache-budget.ts). */
  cacheLimits?: CacheLimits
  onProgress?: (p: LoadProgress) => void
  signal?: AbortSignal
  /** Decoded bytes kept in memory before switching to streaming from the pack (default 1 GiB). */
  memoryBudgetBytes?: number
  /** Decodes in flight (default: two per core, at most the libuv pool size). */
  concurrency?: number
  limits?: DecodeLimits
}

const PROGRESS_EVERY_MS = 125

/**
 * Decodes in flight: sharp runs each on a libuv thread (one libvips thread per image here), and
 * file reads go through the same pool, so two per core, up to the libuv pool size, keeps every
 * core busy (bench/data-loading.ts compares this with one in flight, interleaved).
 */
export function defaultConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4) || 4
  return Math.max(1, Math.min(availableParallelism() * 2, pool))
}

/** Calls `emit` at most every 125 ms, plus once when `flush` is called. */
function throttled(emit: ((p: LoadProgress) => void) | undefined) {
  const state: LoadProgress = { scanned: 0, decoded: 0, skipped: 0, total: null }
  let last = 0
  const report = (force: boolean) => {
    const now = Date.now()
    if (!emit || (!force && now - last < PROGRESS_EVERY_MS)) return
    last = now
    emit({ ...state })
  }
  return { state, report }
}

/**
 * Loads `root` (one subfolder per class, optionally under train/ val/ test/) as an ImageSet of
 * `inputShape` (or the shape its images suggest, see input-shape.ts). Throws an Error a person can act on when the folder is unusable as a whole
 * (missing, fewer than two classes, cancelled); single bad files are skipped with a reason.
 */
export async function loadFolderImageSet(
  root: string,
  options: LoadFolderOptions
): Promise<FolderImageSet> {
  const progress = throttled(options.onProgress)
  const scan = await scanFolder(
    root,
    () => {
      progress.state.scanned += 1
      progress.report(false)
    },
    options.signal
  )
  progress.state.skipped = scan.skipped.length
  progress.state.total = scan.files.length
  progress.report(true)
  const shape = await chooseShape(scan.files, options)
  const decoded = await decodeAll(scan, {
    shape,
    resize: options.data.resize,
    limits: options.limits ?? DEFAULT_LIMITS,
    cacheDir: options.cacheDir,
    cacheLimits: options.cacheLimits,
    memoryBudgetBytes: options.memoryBudgetBytes ?? 2 ** 30,
    concurrency: options.concurrency ?? defaultConcurrency(),
    signal: options.signal,
    onDecoded: (ok) => {
      if (ok) progress.state.decoded += 1
      else progress.state.skipped += 1
      progress.report(false)
    }
  })
  // The counts as they are, cache hits and remembered failures included (a pack left unchanged
  // reports none of its records as decoded while streaming).
  progress.state.decoded = decoded.usable.filter(Boolean).length
  progress.state.skipped = scan.skipped.length + decoded.skipped.length
  progress.report(true)
  const set = buildImageSet(scan.root, scan, decoded, { ...options, inputShape: shape })
  return withNormalization(
    set,
    await folderNormalization(set, scan, options.data, options.cacheDir)
  )
}

/** The configured shape, else the derived one; looks at the images only when needed. */
async function chooseShape(
  files: ScanResult['files'],
  options: LoadFolderOptions
): Promise<InputShape> {
  if (options.inputShape && !options.onShape) return options.inputShape
  const derivation = deriveInputShape(
    await lookAtImages(files, options.signal),
    options.data.resize
  )
  options.onShape?.(derivation)
  return options.inputShape ?? derivation.shape
}
