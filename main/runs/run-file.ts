/**
 * Opening a file of a run folder, the one door every read of a run goes through (reader, store,
 * follower). A run folder can come from anywhere (copied, synced, written by another tool), so
 * any of its entries may be something other than a file: a named pipe (open(2) on a FIFO blocks
 * until a writer appears, which froze start-up and every request), a device, or a symbolic link
 * pointing out of the folder (`steps.jsonl` → /etc/passwd). A run file is therefore opened
 * non-blocking and without following a final link, checked to be a regular file, and refused
 * over a size cap with a message saying what to do.
 */
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'

/** The most bytes read from one whole-file JSON of a run (summary, config, layers, meta, …). */
export const MAX_JSON_FILE_BYTES = 64 * 2 ** 20

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW

const MIB = 2 ** 20
const mib = (bytes: number) => `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`

function codeOf(thrown: unknown): string | undefined {
  return (thrown as { code?: string } | null)?.code
}

/**
 * Opens run file `path` for reading: a regular file, never through a symbolic link, never
 * blocking. Null when it does not exist. Throws an Error naming the file when it is a link, a
 * pipe, a device or a folder. The caller closes the handle.
 */
export async function openRunFile(path: string): Promise<FileHandle | null> {
  let handle: FileHandle
  try {
    handle = await open(path, FLAGS)
  } catch (thrown) {
    const code = codeOf(thrown)
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    // O_NOFOLLOW on a link: ELOOP on Linux, EMLINK on FreeBSD, EFTYPE on NetBSD.
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE')
      throw new Error(
        `${path} is a symbolic link; Trainscape reads only real files inside a run folder. ` +
          `Replace the link with the file it points to.`,
        { cause: thrown }
      )
    throw thrown
  }
  const info = await handle.stat().catch(async (thrown: unknown) => {
    await handle.close()
    throw thrown
  })
  if (!info.isFile()) {
    await handle.close()
    const what = info.isFIFO()
      ? 'a named pipe'
      : info.isDirectory()
        ? 'a folder'
        : info.isSocket()
          ? 'a socket'
          : 'a device'
    throw new Error(
      `${path} is ${what}, not a file; a run folder holds only regular files. ` +
        `Remove ${basename(path)} from the run folder.`
    )
  }
  return handle
}

/** The most bytes read from weights.bin (a Buffer holds at most 2 GiB; no model here nears it). */
export const MAX_WEIGHTS_BYTES = 2 ** 31 - 1

/**
 * The whole content of run file `path`, or null when it does not exist. Refuses what
 * openRunFile refuses, and files over `maxBytes` with a message naming the file and the cap.
 */
export async function readRunFileBytes(path: string, maxBytes: number): Promise<Buffer | null> {
  const handle = await openRunFile(path)
  if (handle === null) return null
  try {
    const { size } = await handle.stat()
    if (size > maxBytes)
      throw new Error(
        `${path} is ${mib(size)}, more than the ${mib(maxBytes)} Trainscape reads from this ` +
          `file; it was not written by Trainscape or trainscape_probe, or it is damaged.`
      )
    const bytes = Buffer.allocUnsafe(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return bytes.subarray(0, filled)
  } finally {
    await handle.close()
  }
}

/** readRunFileBytes as UTF-8 text, capped at MAX_JSON_FILE_BYTES unless told otherwise. */
export async function readRunFileText(
  path: string,
  maxBytes: number = MAX_JSON_FILE_BYTES
): Promise<string | null> {
  return (await readRunFileBytes(path, maxBytes))?.toString('utf8') ?? null
}
