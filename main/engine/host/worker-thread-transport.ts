/**
 * The trainer in a Node `worker_threads` Worker. From source (tsx, vitest) the entry is
 * trainer-worker.ts, loaded through tsx's `tsImport`; a built bundle passes its `.js` entry.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { HostCommand } from '../../contract/trainer-protocol'
import type { TrainerTransport } from './transport'

export interface WorkerThreadOptions {
  /** The worker's entry module (`.ts` from source, `.js` when bundled); trainer-worker.ts by default. */
  entry?: URL | string
  /** Heap limits; exceeding them ends the worker, which the host reports as a crash. */
  resourceLimits?: ResourceLimits
  /** Passed to the entry as `workerData` (fixtures use it; the trainer entry ignores it). */
  workerData?: unknown
}

/** The source entry next to this file: trainer-worker.ts (or .js when this file is bundled). */
export function defaultWorkerEntry(): URL {
  const here = import.meta.url
  return new URL(here.endsWith('.ts') ? './trainer-worker.ts' : './trainer-worker.js', here)
}

/** Starts a Worker running `entry`. The worker is live when this returns. */
export function workerThreadTransport<Command = HostCommand>(
  options: WorkerThreadOptions = {}
): TrainerTransport<Command> {
  const entry = toUrl(options.entry ?? defaultWorkerEntry())
  const worker = entry.pathname.endsWith('.ts')
    ? new Worker(tsBootstrap(entry), {
        eval: true,
        resourceLimits: options.resourceLimits,
        workerData: options.workerData
      })
    : new Worker(entry, { resourceLimits: options.resourceLimits, workerData: options.workerData })
  let crash: string | null = null
  worker.on('error', (error) => {
    crash ??= error.message
  })
  return {
    send: (command: Command) => worker.postMessage(command),
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) =>
      worker.on('exit', (code) => listener(crash ?? `its thread exited with code ${code}`)),
    terminate: () => void worker.terminate()
  }
}

function toUrl(entry: URL | string): URL {
  if (entry instanceof URL) return entry
  return entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry)
}

/**
 * Worker code that loads a TypeScript entry through tsx. (`execArgv: ['--import', 'tsx']` does
 * not reach worker threads on Node 20, so the loader is imported by absolute URL instead.)
 */
function tsBootstrap(entry: URL): string {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
  const api = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href
  const target = JSON.stringify(entry.href)
  return `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${target}, ${target}))`
}
