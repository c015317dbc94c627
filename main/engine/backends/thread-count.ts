/**
 * How many threads the wasm backend trains with: one per core by default, at most 8 (what the
 * multi-threaded build of tfjs-backend-wasm starts), and the message for a count out of range.
 * No tfjs here, so the CLI and the settings can check a count without loading a backend.
 */
import { availableParallelism } from 'node:os'

/** tfjs builds its threaded binary with PTHREAD_POOL_SIZE=8: at most 8 threads. */
export const MAX_WASM_THREADS = 8

/** This machine's cores as the OS reports them (logical CPUs available to this process). */
export function machineCores(): number {
  return availableParallelism()
}

/** The default: one thread per core, at most MAX_WASM_THREADS. */
export function defaultWasmThreads(cores: number = machineCores()): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, cores))
}

/** Why `threads` is not a usable thread count (null when it is): a whole number 1…8. */
export function threadsProblem(threads: number, cores: number = machineCores()): string | null {
  if (Number.isInteger(threads) && threads >= 1 && threads <= MAX_WASM_THREADS) return null
  return (
    `Threads must be a whole number from 1 to ${MAX_WASM_THREADS} ` +
    `(the most the multi-threaded WebAssembly build starts); got ${String(threads)}. ` +
    `This machine has ${cores} core${cores === 1 ? '' : 's'}; leave threads unset to use one per core.`
  )
}
