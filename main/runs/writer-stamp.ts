/**
 * writer.pid's content and the rule that decides whether the process it names is still writing
 * the run. A PID alone is not enough: PIDs are reused, so after a crash and a reboot (or just
 * many processes later) an unrelated live process can carry the dead writer's PID and keep the
 * run "running" forever. The stamp therefore also records the process's start time (Linux:
 * field 22 of /proc/<pid>/stat, in clock ticks since boot) and the host name, and the writer
 * refreshes the file's mtime as a heartbeat, which is what decides where the start time cannot
 * be read (another host sharing the runs folder, a system without /proc). Pure.
 */

/** How often the writer refreshes writer.pid's mtime. */
export const HEARTBEAT_MS = 15_000
/** A heartbeat older than this means the writer is gone (several missed beats, not one late). */
export const HEARTBEAT_STALE_MS = 4 * HEARTBEAT_MS

export interface WriterStamp {
  pid: number
  /** The process's start time as the OS reports it (opaque; compared for equality), or null. */
  start: string | null
  /** The host the writer runs on; null in the old format (a bare PID). */
  host: string | null
}

/** writer.pid's text: one JSON object on one line. */
export function formatWriterStamp(stamp: WriterStamp): string {
  return `${JSON.stringify(stamp)}\n`
}

/** Reads both formats: the JSON stamp, and the older bare PID. Null when neither. */
export function parseWriterStamp(text: string): WriterStamp | null {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return validPid({ pid: Number(trimmed), start: null, host: null })
  try {
    const value = JSON.parse(trimmed) as Partial<Record<keyof WriterStamp, unknown>>
    return validPid({
      pid: typeof value.pid === 'number' ? value.pid : NaN,
      start: typeof value.start === 'string' ? value.start : null,
      host: typeof value.host === 'string' ? value.host : null
    })
  } catch {
    return null
  }
}

function validPid(stamp: WriterStamp): WriterStamp | null {
  return Number.isSafeInteger(stamp.pid) && stamp.pid > 0 ? stamp : null
}

/** What the reader found out about the machine and the process the stamp names. */
export interface WriterFacts {
  host: string
  /** A process with the stamp's PID exists on this host. */
  pidAlive: boolean
  /** That process's start time, or null where it cannot be read. */
  pidStart: string | null
  /** Milliseconds since writer.pid was last touched. */
  heartbeatAgeMs: number
}

/**
 * True when the stamp's writer is still writing. On another host only the heartbeat can tell;
 * on this host a dead PID is final, a live PID with another start time is a reused PID, and
 * where no start time can be compared the heartbeat decides. A bare PID (old format, no
 * heartbeat) counts as alive while its PID is.
 */
export function writerStampAlive(stamp: WriterStamp, facts: WriterFacts): boolean {
  // A heartbeat from the future is no heartbeat: a writer.pid touched with a date ahead of this
  // clock by more than the staleness window (a crafted file, or hosts whose clocks disagree by
  // over a minute) would otherwise keep the run "running", and undeletable, for ever.
  const fresh =
    facts.heartbeatAgeMs <= HEARTBEAT_STALE_MS && facts.heartbeatAgeMs >= -HEARTBEAT_STALE_MS
  if (stamp.host === null) return facts.pidAlive
  if (stamp.host !== facts.host) return fresh
  if (!facts.pidAlive) return false
  if (stamp.start !== null && facts.pidStart !== null) return stamp.start === facts.pidStart
  return fresh
}
