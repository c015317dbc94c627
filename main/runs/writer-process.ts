/**
 * The I/O behind writer-stamp.ts: this process's stamp, the facts about the process another
 * stamp names (alive? started when?), and the heartbeat that keeps writer.pid's mtime fresh while
 * a run is written. Start times come from /proc/<pid>/stat (Linux); elsewhere they are null and
 * the heartbeat decides.
 */
import { readFile, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'
import { HEARTBEAT_MS, type WriterFacts, type WriterStamp } from './writer-stamp'

/** The start time of process `pid` (clock ticks since boot), or null where unreadable. */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8')
    // Field 2, the command name, is in parentheses and may itself hold spaces or ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null // field 22 overall; fields[0] is field 3 (state)
  } catch {
    return null
  }
}

/** True when `pid` names a live process (EPERM: alive but not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (thrown) {
    return (thrown as { code?: string }).code === 'EPERM'
  }
}

/** The stamp of the calling process. */
export async function ownWriterStamp(): Promise<WriterStamp> {
  return { pid: process.pid, start: await processStartTime(process.pid), host: hostname() }
}

/** What the reader can find out about `stamp`'s process and the heartbeat of `path`. */
export async function writerFacts(stamp: WriterStamp, path: string): Promise<WriterFacts> {
  const pidAlive = processAlive(stamp.pid)
  const touched = await stat(path).then(
    (info) => info.mtimeMs,
    () => 0
  )
  return {
    host: hostname(),
    pidAlive,
    pidStart: pidAlive ? await processStartTime(stamp.pid) : null,
    heartbeatAgeMs: Date.now() - touched
  }
}

/** Touches `path` every HEARTBEAT_MS until the returned function is called. */
export function startHeartbeat(path: string): () => void {
  const timer = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => {
      // The file is removed at finish (and by recovery); a missed beat is harmless.
    })
  }, HEARTBEAT_MS)
  timer.unref()
  return () => clearInterval(timer)
}
