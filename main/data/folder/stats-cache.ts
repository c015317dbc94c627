/**
 * The input-normalization statistics of a folder, cached beside its decoded-image pack: one small
 * JSON file per (pack, training split), keyed by the identity (path, size, mtime) of every
 * training file, so a second run on the same split reads them instead of summing every pixel
 * again, and a changed, added or removed training file (or another split seed) computes them anew.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { DataSpec } from '../../contract/config/schema'
import { writeFileAtomic } from '../../files/atomic-write'
import type { InputNormalization } from '../../contract/runs/summary'
import type { ImageSet } from '../dataset'
import { normalizationOf } from '../normalization'
import { identity, packPath } from './image-cache'
import { FolderSplit } from './record-store'
import type { ScanResult } from './scan-folder'

/** Where the statistics of `set`'s training split live under `cacheDir`. Pure path arithmetic. */
export function statsPath(
  cacheDir: string,
  scan: ScanResult,
  set: ImageSet,
  data: DataSpec
): string {
  const hash = createHash('sha256')
  if (set.train instanceof FolderSplit) {
    for (const id of set.train.ids) {
      const f = scan.files[id]!
      hash.update(`${identity(f.rel, f.size, f.mtimeMs)}\n`)
    }
  }
  const pack = packPath(cacheDir, scan.root, set.inputShape, data.resize)
  // Per-pixel statistics sit in their own file, so switching modes recomputes neither.
  const mode = data.normalize === 'per-pixel' ? '-per-pixel' : ''
  return `${pack.slice(0, -'.pack'.length)}-${hash.digest('hex').slice(0, 24)}${mode}.stats.json`
}

/**
 * Cached statistics of `mode` with `length` finite entries each (channels for standardize,
 * h · w · c for per-pixel), or null (absent, foreign, another mode, damaged).
 */
async function readStats(
  path: string,
  mode: 'standardize' | 'per-pixel',
  length: number
): Promise<InputNormalization | null> {
  const parsed = await readFile(path, 'utf8')
    .then((text) => JSON.parse(text) as Partial<InputNormalization>)
    .catch(() => null)
  const valid = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length === length && v.every((x) => Number.isFinite(x))
  if (!parsed || parsed.mode !== mode || !valid(parsed.mean) || !valid(parsed.std)) return null
  return { mode, mean: parsed.mean, std: parsed.std }
}

/**
 * The normalization `data.normalize` asks for on a loaded folder: from the cache when the same
 * training split was summed before, else computed and (best effort: a read-only cache folder
 * only costs the time) written there.
 */
export async function folderNormalization(
  set: ImageSet,
  scan: ScanResult,
  data: DataSpec,
  cacheDir: string | undefined
): Promise<InputNormalization> {
  if (data.normalize === 'none' || !cacheDir) return normalizationOf(set, data.normalize)
  const path = statsPath(cacheDir, scan, set, data)
  const [h, w, c] = set.inputShape
  const cached = await readStats(
    path,
    data.normalize,
    data.normalize === 'per-pixel' ? h * w * c : c
  )
  if (cached) return cached
  const computed = await normalizationOf(set, data.normalize)
  await writeFileAtomic(path, `${JSON.stringify(computed)}\n`).catch(() => undefined)
  return computed
}
