/**
 * Writing a file inside the runs folder when its folders may be swapped for symbolic links while
 * the write goes on (an export folder replaced by a link in a loop). Checking the path and then
 * writing through it (contained-path.ts alone) leaves a window between the two. Here the target
 * folder is opened once, without following a final link, its real path is checked through the
 * open handle, and the temporary file and the rename go through that handle
 * (`/proc/self/fd/<n>/…` on Linux: the folder that was checked, whatever its path names later).
 * The temporary file is created exclusively and removed, through the same handle, on failure.
 * Where /proc is missing (macOS, Windows) the folder's real path is re-checked just before the
 * rename instead, which narrows the window to one system call.
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join, relative, sep } from 'node:path'
import { describeWriteError } from '../../files/atomic-write'
import { containedPath, isInside } from './contained-path'

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW
const TEMP_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW

/** `/proc/self/fd/<n>`: the folder open as `handle`, whatever its path names now. */
const through = (handle: FileHandle) => `/proc/self/fd/${handle.fd}`

function linkRefused(dir: string, root: string, cause: unknown): Error {
  return new Error(
    `${dir} is not a real folder (a symbolic link or a file); Trainscape writes only real ` +
      `files inside ${root}.`,
    { cause }
  )
}

/**
 * Opens folder `dir` under `root` one component at a time, each opened through its parent's
 * handle without following a link and created when missing (Linux: no path is resolved twice,
 * so no swap can redirect it). Returns the handle of `dir`; the caller closes it.
 */
async function openWalking(root: string, dir: string): Promise<FileHandle> {
  let handle = await open(await realpath(root), DIR_FLAGS)
  let at = root
  try {
    for (const part of relative(root, dir)
      .split(sep)
      .filter((p) => p !== '')) {
      const next = join(through(handle), part)
      at = join(at, part)
      await mkdir(next).catch((thrown: { code?: string }) => {
        if (thrown.code !== 'EEXIST') throw thrown
      })
      const child = await open(next, DIR_FLAGS).catch((thrown: unknown) => {
        throw linkRefused(at, root, thrown)
      })
      await handle.close()
      handle = child
    }
    return handle
  } catch (thrown) {
    await handle.close()
    throw thrown
  }
}

/** Where /proc is missing: the path checked, created, opened, and its real path checked. */
async function openChecked(root: string, dir: string): Promise<FileHandle> {
  await containedPath(root, dir)
  await mkdir(dir, { recursive: true })
  const handle = await open(dir, DIR_FLAGS).catch((thrown: unknown) => {
    throw linkRefused(dir, root, thrown)
  })
  await checkReal(root, dir).catch(async (thrown: unknown) => {
    await handle.close()
    throw thrown
  })
  return handle
}

/** Throws unless the real path of `dir` is inside the real `root`. */
async function checkReal(root: string, dir: string) {
  if (!isInside(await realpath(root), await realpath(dir)))
    throw new Error(`${dir} resolves outside ${root}; Trainscape will not write there.`)
}

const HAS_PROC_FD = stat('/proc/self/fd').then(
  () => true,
  () => false
)

/**
 * Writes `data` to `path` atomically (exclusive temp file, fsync, rename), `path` lying under
 * `root`: missing folders are created after the containment check, no link on the way is
 * followed, and a folder swapped for a link during the write makes it fail instead of writing
 * elsewhere. Throws an Error naming the path and the cause; leaves no temporary file.
 */
export async function writeFileContained(
  root: string,
  path: string,
  data: string | Uint8Array
): Promise<void> {
  const dir = dirname(path)
  await containedPath(root, path)
  const proc = await HAS_PROC_FD
  let folder: FileHandle
  try {
    folder = proc ? await openWalking(root, dir) : await openChecked(root, dir)
  } catch (thrown) {
    if (thrown instanceof Error && /not a real folder|resolves outside/.test(thrown.message))
      throw thrown
    throw new Error(describeWriteError(path, thrown), { cause: thrown })
  }
  const name = `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  let temp: string | null = null
  try {
    const base = proc ? through(folder) : dir
    temp = join(base, name)
    const file = await open(temp, TEMP_FLAGS, 0o644)
    try {
      await file.writeFile(data)
      await file.sync()
    } finally {
      await file.close()
    }
    if (!proc) await checkReal(root, dir)
    await rename(temp, join(base, basename(path)))
    temp = null
    await folder.sync().catch(() => undefined) // some file systems do not flush folders
  } catch (thrown) {
    if (temp !== null) await rm(temp, { force: true }).catch(() => undefined)
    const ours = thrown instanceof Error && /resolves outside/.test(thrown.message)
    throw ours ? thrown : new Error(describeWriteError(path, thrown), { cause: thrown })
  } finally {
    await folder.close()
  }
}
