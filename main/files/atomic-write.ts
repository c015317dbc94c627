/**
 * Atomic file and folder writes (exports, run folders, settings): data goes to a temporary name
 * in the destination's own folder, is flushed, then renamed over the destination, and the folder
 * itself is flushed so the rename survives a power cut. A failed write (disk full, no
 * permission) leaves the old file or nothing, never half a file. Errors say what and why.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { messageOf } from '../contract/result'

/** A sentence for the common causes of a failed write, naming the path. */
export function describeWriteError(path: string, thrown: unknown): string {
  const code = (thrown as { code?: string } | null)?.code
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full; free some space or choose another folder',
    EDQUOT: 'the disk quota is exhausted; free some space or choose another folder',
    EFBIG: 'the file is larger than this system allows (disk or file-size limit reached)',
    EACCES: 'no permission to write there; choose a folder you can write to',
    EPERM: 'the operation is not permitted there; choose a folder you can write to',
    EROFS: 'the file system is read-only; choose another folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    ENOENT: 'the folder does not exist'
  }
  const reason = (code && why[code]) ?? messageOf(thrown)
  return `Could not write ${path}: ${reason}`
}

/**
 * Flushes a folder's list of entries, so a rename into it is on disk. Where a folder cannot be
 * opened or flushed (Windows, some network file systems) there is nothing more to do.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null)
  if (!handle) return
  try {
    await handle.sync()
  } catch {
    // EINVAL/EISDIR/EPERM: this file system does not flush folders.
  } finally {
    await handle.close()
  }
}

/** A hidden, unique temporary name beside `path`, for a write that is renamed into place. */
export function tempNameFor(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  )
}

/**
 * Writes `data` to `path` atomically (temp file, fsync, rename). Creates missing parent
 * folders. Throws an Error naming the path and the cause; on failure the temp file is removed
 * and `path` is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempNameFor(path)
  try {
    await mkdir(dirname(path), { recursive: true })
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
    await syncDir(dirname(path))
  } catch (thrown) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw new Error(describeWriteError(path, thrown), { cause: thrown })
  }
}

/** The swap under way per destination folder, so concurrent writers of one folder take turns. */
const swaps = new Map<string, Promise<void>>()

/**
 * Runs `swap` for destination `key` after every swap already queued for it (whether it failed
 * or not). Two writers of one folder swapping at once lost: one moved the folder aside while the
 * other found it gone (ENOENT), or put its own in place of the one being moved back, leaving a
 * hidden `-old` folder behind.
 */
async function oneSwapAtATime(key: string, swap: () => Promise<void>): Promise<void> {
  const mine = (swaps.get(key) ?? Promise.resolve()).then(swap)
  const tail = mine.catch(() => undefined)
  swaps.set(key, tail)
  try {
    await mine
  } finally {
    if (swaps.get(key) === tail) swaps.delete(key)
  }
}

/** Moves `path` (if any) to `aside`, `staging` to `path`, then removes `aside`; rolls back on failure. */
async function swapIn(staging: string, path: string, aside: string): Promise<void> {
  const existed = await stat(path).then(
    () => true,
    () => false
  )
  if (existed) await rename(path, aside)
  try {
    await rename(staging, path)
  } catch (thrown) {
    if (existed) await rename(aside, path)
    throw thrown
  }
  await syncDir(dirname(path))
  if (existed) await rm(aside, { recursive: true, force: true })
}

/**
 * Builds a folder atomically: `fill(stagingDir)` writes into a temporary sibling folder, which
 * then replaces `path` (an existing folder at `path` is moved aside and removed only after the
 * new one is in place). On failure the staging folder is removed and `path` holds the old
 * folder again (moved back if it had been moved aside), never a hidden leftover. Writers of one
 * folder in this process swap one at a time; the last to finish filling wins.
 */
export async function writeDirAtomic(
  path: string,
  fill: (stagingDir: string) => Promise<void>
): Promise<void> {
  const staging = tempNameFor(path)
  const aside = `${staging}-old`
  try {
    await mkdir(staging, { recursive: true })
    await fill(staging)
    await oneSwapAtATime(resolve(path), () => swapIn(staging, path, aside))
  } catch (thrown) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined)
    const message = thrown instanceof Error && thrown.message.startsWith('Could not write')
    throw message ? thrown : new Error(describeWriteError(path, thrown), { cause: thrown })
  }
}
