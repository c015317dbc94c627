/**
 * Errors as values, for everything that crosses a process line (worker, IPC, WebSocket):
 * `error` is a sentence a person can act on. Inside a process, code throws Errors instead.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(error: string): Result<T> => ({ ok: false, error })

/** The message of anything thrown, for reporting. */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message
  return typeof thrown === 'string' ? thrown : JSON.stringify(thrown)
}
