/**
 * What the window remembers across a reload (not a restart): the view shown and the Compare
 * selection, as JSON in sessionStorage under `trainscape.<key>`. A value read back is
 * `unknown` until the caller's guard proves its type; storage that is unavailable or full only
 * means nothing is remembered.
 */

const PREFIX = 'trainscape.'

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

/** The value stored under `key`, or null when there is none or it is not JSON. */
export function recall(key: string): unknown {
  const text = storage()?.getItem(PREFIX + key)
  if (text === null || text === undefined) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** Stores `value` (JSON-serializable) under `key`; silently does nothing without storage. */
export function remember(key: string, value: unknown): void {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // Storage full or refused: the value is simply not remembered.
  }
}
