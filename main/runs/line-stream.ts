/**
 * Reading a JSON-lines run file a slice at a time, so a file of hundreds of megabytes never
 * blocks the event loop (parsed whole, 450 MB of probes held `runs:list` for 91 s) and never has
 * to fit in one string. Lines are cut on bytes before any decoding, so a "line" of gigabytes
 * (a damaged or crafted file) is skipped without being decoded.
 */
import { openRunFile } from './run-file'

/** Bytes read per slice. */
export const SLICE_BYTES = 512 * 2 ** 10

/** The longest the lines' handler runs before timers and requests get their turn, in ms. */
export const BUSY_MS = 10

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** The longest line read: no record Trainscape or trainscape_probe writes comes near it. */
export const MAX_LINE_BYTES = 64 * 2 ** 20

export interface LineStreamEnd {
  /** True when the file did not end in a newline: its last, torn line was not handed on. */
  tornTail: boolean
  /** 1-based numbers of lines longer than MAX_LINE_BYTES, skipped without reading them. */
  longLines: number[]
}

/**
 * Hands every complete, non-blank line of run file `path` to `onLine` (its UTF-8 text, its
 * 1-based line number, its length in bytes), slice by slice, yielding to the event loop at least
 * every BUSY_MS (a schema check per record makes a slice of short lines cost a second). Null when the file does not exist; refuses what openRunFile refuses.
 */
export async function streamLines(
  path: string,
  onLine: (text: string, lineNumber: number, bytes: number) => void,
  maxLineBytes: number = MAX_LINE_BYTES
): Promise<LineStreamEnd | null> {
  const handle = await openRunFile(path)
  if (handle === null) return null
  const longLines: number[] = []
  let pieces: Buffer[] = []
  let pending = 0
  let tooLong = false
  let lineNumber = 0
  try {
    const slice = Buffer.allocUnsafe(SLICE_BYTES)
    let since = performance.now()
    for (;;) {
      const { bytesRead } = await handle.read(slice, 0, SLICE_BYTES, null)
      if (bytesRead === 0) break
      let start = 0
      for (;;) {
        const end = slice.indexOf(10, start)
        if (end === -1 || end >= bytesRead) break
        lineNumber++
        if (tooLong || pending + end - start > maxLineBytes) longLines.push(lineNumber)
        else {
          const line = pending === 0 ? slice.subarray(start, end) : Buffer.concat([...pieces, slice.subarray(start, end)])
          const text = line.toString('utf8')
          if (text.trim() !== '') onLine(text, lineNumber, line.length + 1)
        }
        if (performance.now() - since > BUSY_MS) {
          await turn()
          since = performance.now()
        }
        pieces = []
        pending = 0
        tooLong = false
        start = end + 1
      }
      const rest = bytesRead - start
      if (rest > 0) {
        pending += rest
        if (pending > maxLineBytes) {
          tooLong = true
          pieces = []
        } else pieces.push(Buffer.from(slice.subarray(start, bytesRead)))
      }
      // A read from the page cache can complete before timers are due: give them their turn.
      await turn()
      since = performance.now()
    }
  } finally {
    await handle.close()
  }
  return { tornTail: pending > 0, longLines }
}
