/**
 * The backend a run trains on, resolved ahead of the run when the trainer was started warm: a
 * trainer kept ready by the app resolves its backend (module load, GPU probing, WebAssembly
 * compile, thread-pool start) while the person is still choosing, and the run that follows
 * takes the result. One resolution at a time, since each mutates tfjs' global backend.
 */
import { resolveBackend, type BackendOptions, type ResolvedBackend } from '../backends/resolve'
import type { BackendChoice } from '../../contract/trainer-protocol'

interface Prepared {
  key: string
  result: Promise<ResolvedBackend>
}

let prepared: Prepared | null = null

function keyOf(choice: BackendChoice, options: BackendOptions): string {
  return JSON.stringify([choice, options.threads, options.defaultThreads, options.memoFile])
}

/**
 * Starts resolving `choice` now (mutates tfjs' backend); the next readyBackend with the same
 * choice and options takes the result, which is also returned. A failure is kept for readyBackend
 * to report: the returned promise may be ignored.
 */
export function prepareBackend(
  choice: BackendChoice,
  options: BackendOptions = {}
): Promise<ResolvedBackend> {
  const result = resolveBackend(choice, options)
  result.catch(() => undefined) // reported by readyBackend, which resolves again
  prepared = { key: keyOf(choice, options), result }
  return result
}

/**
 * The resolved backend for `choice`: the prepared one when it matches and succeeded, else a new
 * resolution (after the prepared one has settled; failed GPU probes are remembered, so a
 * resolution after a prepared one costs only the backend that differs). Throws as resolveBackend.
 */
export async function readyBackend(
  choice: BackendChoice,
  options: BackendOptions = {}
): Promise<ResolvedBackend> {
  const ahead = prepared
  prepared = null
  if (ahead !== null) {
    try {
      const resolved = await ahead.result
      if (ahead.key === keyOf(choice, options)) return resolved
    } catch {
      // Resolve again below: the error then carries this run's options.
    }
  }
  return resolveBackend(choice, options)
}
