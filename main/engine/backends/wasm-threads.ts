/**
 * Multi-threaded WebAssembly: the thread count the wasm backend trains with, and starting the
 * threaded SIMD build that @tensorflow/tfjs-backend-wasm 4.22 ships under Node (the trainer runs
 * in a Node worker thread or an Electron utilityProcess, never in a page).
 *
 * tfjs never starts that build under Node, for three reasons, each handled here:
 * - its WASM_HAS_MULTITHREAD_SUPPORT flag is false whenever IS_NODE: we call the build's
 *   Emscripten factory ourselves and hand the module to tfjs's own BackendWasm;
 * - it gives Emscripten blob: URLs for the pthread worker script and the main script, which a
 *   Node worker cannot load: we give a data: URL holding a small ES module that sets up what
 *   the Emscripten worker script expects (require, __filename) and loads the build's JS glue
 *   with require (so it also reads from Electron's asar archive);
 * - the C++ side caps the threads at emscripten_num_logical_cores() / 2 (it assumes two hardware
 *   threads per core), which is 1 on a 2-vCPU machine: we instantiate the binary ourselves with
 *   that import answering twice the threads asked for.
 * XNNPACK's pthreadpool then spreads matrix products, convolutions and most element-wise kernels
 * over the threads. One thread uses the stock single-threaded SIMD build, as before. What this
 * relies on in tfjs-backend-wasm's files and classes is named and checked in tfjs-internals.ts.
 */
import * as tf from '@tensorflow/tfjs'
import { threadsProblem } from './thread-count'
import {
  allWorkers,
  checkThreadedBuild,
  CORE_COUNT_IMPORT,
  loadThreadedBuild,
  threadedWasmBackend,
  type PThreads,
  type ThreadedFactory,
  type ThreadedModule
} from './tfjs-internals'

/** How long the worker threads may take to start before we give up with the reason. */
const START_TIMEOUT_MS = 60_000

/** The WebAssembly JS API call used here (the project's TS libs do not declare WebAssembly). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>
    }
  }
).WebAssembly

/** The factory tfjs-backend-wasm registered for 'wasm' (single-threaded under Node). */
let stockFactory: (() => tf.KernelBackend | Promise<tf.KernelBackend>) | null = null
/** Threads of the 'wasm' factory now registered; null while the stock registration stands. */
let registeredThreads: number | null = null
/** Whether the threaded build, when it next starts and fails, may fall back to one thread. */
let fallbackAllowed = true

/**
 * Makes the next initialization of tfjs' 'wasm' backend use `threads` threads (stock build for
 * 1, the threaded build above). A no-op when that is already so; otherwise disposes the current
 * 'wasm' backend (its tensors with it) and re-registers it. `wasmDir`: folder of the .wasm
 * binaries (a packaged app's), else the package's own. `fallback`: when the threaded build
 * cannot start, warn and train on one thread (for a default count) instead of failing (for a
 * count the person chose). Mutates tfjs' backend registry. Throws for a count out of range.
 */
export function useWasmThreads(
  threads: number,
  wasmDir: string | null,
  { fallback }: { fallback: boolean }
): void {
  const problem = threadsProblem(threads)
  if (problem !== null) throw new Error(problem)
  fallbackAllowed = fallback
  if (registeredThreads === threads) return
  stockFactory ??= tf.findBackendFactory('wasm')
  if (stockFactory == null) {
    throw new Error(
      "The wasm backend is not registered; import '@tensorflow/tfjs-backend-wasm' first."
    )
  }
  if (tf.findBackendFactory('wasm') != null) tf.removeBackend('wasm')
  const stock = stockFactory
  const threaded = async (): Promise<tf.KernelBackend> => {
    try {
      return await threadedBackend(threads, wasmDir)
    } catch (error) {
      if (!fallbackAllowed) throw error
      const reason = error instanceof Error ? error.message : String(error)
      console.warn(`WebAssembly on ${threads} threads failed (${reason}); training on 1 thread.`)
      return stock()
    }
  }
  // Priority 2, as tfjs-backend-wasm registers it.
  tf.registerBackend('wasm', threads === 1 ? stock : threaded, 2)
  registeredThreads = threads
}

async function threadedBackend(threads: number, wasmDir: string | null): Promise<tf.KernelBackend> {
  const build = await loadThreadedBuild(wasmDir)
  await checkThreadedBuild(build)
  const { gluePath, binary } = build
  const factory = build.factory as ThreadedFactory
  const wasmWorkerContents = build.workerScript as string
  const errors: string[] = []
  let failInstantiation: (error: unknown) => void = () => {}
  const instantiationFailed = new Promise<never>((_, reject) => (failInstantiation = reject))
  // Emscripten uses the config object as its Module and adds PThread (its workers) to it.
  const config: Record<string, unknown> & { PThread?: PThreads } = {
    locateFile: (path: string) =>
      path.endsWith('.worker.js') ? pthreadWorkerUrl(gluePath, wasmWorkerContents) : path,
    mainScriptUrlOrBlob: gluePath,
    printErr: (text: string) => {
      errors.push(text)
      console.warn(text)
    },
    // Instantiates the binary with every import Emscripten prepared, but the core count.
    instantiateWasm: (
      imports: { env: Record<string, unknown> },
      receive: (instance: unknown, module: unknown) => void
    ) => {
      const env = { ...imports.env, [CORE_COUNT_IMPORT]: () => 2 * threads }
      webAssembly.instantiate(binary, { ...imports, env }).then(
        (result) => receive(result.instance, result.module),
        (error: unknown) => failInstantiation(error)
      )
      return {}
    }
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `the multi-threaded WebAssembly build did not start within ${START_TIMEOUT_MS / 1000} s` +
              (errors.length > 0 ? `: ${errors.join('; ')}` : '')
          )
        ),
      START_TIMEOUT_MS
    )
  })
  let module: ThreadedModule
  try {
    module = await Promise.race([factory(config), instantiationFailed, timeout])
  } catch (error) {
    // Workers that never got the module would keep the process alive.
    for (const worker of allWorkers(config.PThread)) void worker.terminate()
    throw error
  } finally {
    clearTimeout(timer)
  }
  // BackendWasm's constructor starts XNNPACK's pool with the count we set.
  const backend = threadedWasmBackend(module, threads)
  // XNNPACK's pool threads live as long as the backend and wait for work from this thread:
  // they must not keep the process alive on their own (Emscripten refs a worker running one).
  for (const worker of allWorkers(config.PThread)) worker.unref()
  return backend
}

/**
 * A data: URL of the ES module each pthread worker runs: it gives the Emscripten worker script
 * the CommonJS names it uses, makes its importScripts load the glue with require, then runs it.
 */
function pthreadWorkerUrl(gluePath: string, workerScript: string): URL {
  const source = `import { createRequire } from 'node:module'
const require = createRequire(${JSON.stringify(gluePath)})
Object.assign(globalThis, { require, __filename: ${JSON.stringify(gluePath)} })
// The script is kept in a template literal upstream, whose \\n escapes became newlines.
;(0, eval)(${JSON.stringify(workerScript.replace(/\n/g, '\\n'))})
globalThis.importScripts = (path) => {
  globalThis.WasmBackendModuleThreadedSimd = require(path)
}
`
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`)
}
