/**
 * The decoded-image cache's budget: packs (image-cache.ts) are kept under a total size cap, the
 * least recently used evicted first (each read touches an empty `<pack>.used` beside it; the
 * pack's own mtime stays that of its write), and none
 * is written when the disk would be left with less than a margin free. Without it, inspecting
 * the sample at 1024×1024×3 wrote 12.6 GB per shape to the system disk, never removed.
 */
import { readdir, rm, stat, statfs, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'

export interface CacheLimits {
  /** The most bytes all packs in the cache folder may take together. */
  maxBytes: number
  /** A pack is written only if this much stays free on the disk afterwards. */
  minFreeBytes: number
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxBytes: 4 * 2 ** 30, minFreeBytes: 2 ** 30 }

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`

const usedMark = (pack: string) => `${pack}.used`

/** True when `name` holds the input statistics of pack `pack` (stats-cache.ts names them
 *  `<pack stem>-<24 hex digits>.stats.json`); both are names inside the cache folder. */
function isStatsOf(pack: string, name: string): boolean {
  const stem = pack.slice(0, -'.pack'.length)
  return (
    name.startsWith(`${stem}-`) && /^[0-9a-f]{24}\.stats\.json$/.test(name.slice(stem.length + 1))
  )
}

/** Marks pack `path` as just used (least-recently-used order). Never throws. */
export async function touchPack(path: string): Promise<void> {
  await writeFile(usedMark(path), '').catch(() => undefined)
}

/** When pack `path` (modified at `mtimeMs`) was last used. */
async function lastUse(path: string, mtimeMs: number): Promise<number> {
  const mark = await stat(usedMark(path)).catch(() => null)
  return Math.max(mark?.mtimeMs ?? 0, mtimeMs)
}

/**
 * Makes room in `cacheDir` for a pack of `bytes` that will replace `keep` (its own path): evicts
 * the least recently used other packs until everything fits in `limits.maxBytes`. Returns null
 * when the pack may be written, or a sentence saying why not (larger than the cap, or the disk
 * too full). Deletes only `*.pack` files of the cache folder, each with its `.used` mark and its
 * input statistics (`*.stats.json`, which evicted packs used to leave behind).
 */
export async function makeRoomFor(
  cacheDir: string,
  keep: string,
  bytes: number,
  limits: CacheLimits = DEFAULT_CACHE_LIMITS
): Promise<string | null> {
  if (bytes > limits.maxBytes)
    return (
      `The decoded images need ${gib(bytes)} of cache, more than its ${gib(limits.maxBytes)} ` +
      `limit; choose a smaller input shape or fewer images.`
    )
  const names = await readdir(cacheDir).catch(() => [] as string[])
  const packs = (
    await Promise.all(
      names
        .filter((n) => n.endsWith('.pack') && join(cacheDir, n) !== keep)
        .map(async (n) => {
          const info = await stat(join(cacheDir, n)).catch(() => null)
          if (!info?.isFile()) return null
          const path = join(cacheDir, n)
          return { path, size: info.size, used: await lastUse(path, info.mtimeMs) }
        })
    )
  ).filter((p): p is { path: string; size: number; used: number } => p !== null)
  packs.sort((a, b) => a.used - b.used)
  let total = packs.reduce((sum, p) => sum + p.size, 0)
  for (const pack of packs) {
    if (total + bytes <= limits.maxBytes) break
    await rm(pack.path, { force: true })
    await rm(usedMark(pack.path), { force: true })
    const name = basename(pack.path)
    for (const stats of names.filter((n) => isStatsOf(name, n)))
      await rm(join(cacheDir, stats), { force: true })
    total -= pack.size
  }
  const disk = await statfs(cacheDir).catch(() => null)
  const free = disk ? disk.bavail * disk.bsize : Infinity
  if (free - bytes < limits.minFreeBytes)
    return (
      `The disk holding ${cacheDir} has ${gib(free)} free; caching ${gib(bytes)} of decoded ` +
      `images would leave less than ${gib(limits.minFreeBytes)}. Free some space.`
    )
  return null
}
