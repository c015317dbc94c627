/**
 * Every reach into the internals of @tensorflow/tfjs-backend-wasm and @tensorflow/tfjs-core, in
 * one place. The training kernels (wasm-kernels/), the threaded build (wasm-threads.ts) and the
 * fused optimizers (trainer/fused-*.ts) touch tfjs only through the accessors here, and each
 * thing they rely on that tfjs does not promise is an `Assumption`: the symbol, the shape we use,
 * the version it was written against. `checkTfjsAssumptions` (at start-up, before the wasm
 * backend is registered), `checkThreadedBuild` (before the threaded build starts) and
 * `checkWasmBackend` (once the backend is up) test each one and throw an Error naming the one
 * that broke, so an upgrade of tfjs fails at once with the reason, not mid-training.
 */
import * as tf from '@tensorflow/tfjs'
import {
  BackendWasm,
  getThreadsCount,
  setThreadsCount,
  version_wasm
} from '@tensorflow/tfjs-backend-wasm'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The tfjs release every assumption below was written against (package.json pins it). */
export const WRITTEN_FOR = '4.22.0'

/** One thing Trainscape relies on that tfjs does not promise in its public API. */
export interface Assumption {
  id: string
  package: '@tensorflow/tfjs-core' | '@tensorflow/tfjs-backend-wasm'
  /** Where it lives, e.g. `BackendWasm.prototype.refCount`. */
  symbol: string
  /** What we use it as. */
  shape: string
}

/** An assumption with its check: null when it holds, else what was found instead. */
export interface Checked<Subject> extends Assumption {
  check(subject: Subject): string | null | Promise<string | null>
}

/** The installed version of `pkg`. */
function installed(pkg: Assumption['package']): string {
  return pkg === '@tensorflow/tfjs-core' ? tf.version_core : version_wasm
}

/** The Error for a broken assumption: which one, what we expected, what is there, what to do. */
export function brokenAssumption(a: Assumption, found: string): Error {
  return new Error(
    `tfjs changed under Trainscape: assumption '${a.id}' no longer holds. Trainscape uses ` +
      `${a.symbol} as ${a.shape} (written for ${a.package} ${WRITTEN_FOR}; installed: ` +
      `${installed(a.package)}), but ${found}. Reinstall the pinned version with npm ci, or ` +
      `update main/engine/backends/tfjs-internals.ts.`
  )
}

async function checkAll<S>(assumptions: readonly Checked<S>[], subject: S): Promise<void> {
  for (const a of assumptions) {
    const found = await a.check(subject)
    if (found !== null) throw brokenAssumption(a, found)
  }
}

const missingFunctions = (target: object, names: readonly string[]): string | null => {
  const record = target as Record<string, unknown>
  const missing = names.filter((n) => typeof record[n] !== 'function')
  return missing.length === 0
    ? null
    : `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a function`
}

// ---------------------------------------------------------------------------------------------
// The wasm backend object the kernels receive.

/** The methods of BackendWasm the training kernels call. */
const BACKEND_METHODS = [
  'makeOutput',
  'disposeData',
  'typedArrayFromHeap',
  'incRef',
  'refCount'
] as const
export type WasmBackend = Pick<BackendWasm, (typeof BACKEND_METHODS)[number]>

/**
 * Narrows the `backend` a kernel receives. Structural, so two loaded copies of the package
 * agree. Throws when it lacks a method the kernels call.
 */
export function asWasmBackend(backend: unknown): WasmBackend {
  if (
    backend == null ||
    typeof backend !== 'object' ||
    missingFunctions(backend, BACKEND_METHODS) !== null
  ) {
    throw new Error('A wasm training kernel ran on a backend that is not the wasm backend.')
  }
  return backend as WasmBackend
}

/** The parts of the WebAssembly JS API used here (the project's TS libs do not declare it). */
interface WasmMemoryClass {
  new (descriptor: { initial: number }): { readonly buffer: ArrayBuffer }
}
const WasmMemoryClass = (globalThis as unknown as { WebAssembly: { Memory: WasmMemoryClass } })
  .WebAssembly.Memory

/**
 * The wasm backend's WebAssembly.Memory (tensors' bytes live there), or null if not found. The
 * single-threaded build exports its memory (`wasm.asm.memory`); the multi-threaded one creates
 * it in JavaScript, shared with its worker threads, and keeps it as `wasm.wasmMemory`.
 */
export function wasmBackendMemory(backend: unknown): { readonly buffer: ArrayBuffer } | null {
  const module = (backend as { wasm?: unknown } | null)?.wasm as
    { asm?: { memory?: unknown }; wasmMemory?: unknown } | null | undefined
  const memory = module?.asm?.memory ?? module?.wasmMemory
  return memory instanceof WasmMemoryClass ? memory : null
}

// ---------------------------------------------------------------------------------------------
// tfjs-core's engine, as the fused optimizers use it.

/** The variable tfjs registered under `name` (optimizers name their variables), if any. */
export function registeredVariable(name: string): tf.Variable | undefined {
  return tf.engine().registeredVariables[name]
}

/** Runs kernel `name` through the engine (taped, tracked, outputs as tensors). */
export function runEngineKernel(
  name: string,
  inputs: tf.NamedTensorMap,
  attrs: tf.NamedAttrMap
): tf.Tensor | tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[]
}

/** Whether tfjs found WebAssembly SIMD here (its WASM_HAS_SIMD_SUPPORT flag). */
export async function wasmHasSimd(): Promise<boolean> {
  return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true
}

/** The threads of the running wasm backend's pool (1 for the single-threaded build). */
export const wasmThreadsCount = (): number => getThreadsCount()

/** The stock wasm kernels the training kernels wrap or call (wasm-training.ts, kernel-calls.ts). */
export const STOCK_WASM_KERNELS = [
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.Conv2DBackpropInput,
  tf.Sum,
  tf.Mean,
  tf.Identity,
  tf.Cast,
  tf.Reshape,
  tf.Transpose
] as const

/** What can be checked without a backend running: the loaded packages themselves. */
export const STATIC_ASSUMPTIONS: readonly Checked<void>[] = [
  {
    id: 'backend-methods',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: `BackendWasm.prototype.{${BACKEND_METHODS.join(', ')}}`,
    shape:
      'makeOutput(shape, dtype) → a fresh TensorInfo on the heap with refCount 1; ' +
      'typedArrayFromHeap(info) → a view of its bytes; incRef/refCount/disposeData(dataId) ' +
      'count references and free at 0',
    check: () => missingFunctions(BackendWasm.prototype, BACKEND_METHODS)
  },
  {
    id: 'thread-count',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: 'setThreadsCount, getThreadsCount (exports) and BackendWasm’s constructor',
    shape:
      'new BackendWasm(module) starts XNNPACK’s pool with the count setThreadsCount left, ' +
      'calling module.tfjs.initWithThreadsCount and getThreadsCount',
    check: () => {
      if (typeof setThreadsCount !== 'function' || typeof getThreadsCount !== 'function') {
        return 'setThreadsCount or getThreadsCount is no longer exported'
      }
      return BackendWasm.toString().includes('initWithThreadsCount')
        ? null
        : 'BackendWasm’s constructor no longer calls wasm.tfjs.initWithThreadsCount'
    }
  },
  {
    id: 'engine-variables',
    package: '@tensorflow/tfjs-core',
    symbol: 'tf.engine().registeredVariables',
    shape: 'an object of every live tf.Variable by its name',
    check: () => {
      const variables: unknown = tf.engine().registeredVariables
      return variables != null && typeof variables === 'object' ? null : `it is ${typeof variables}`
    }
  },
  {
    id: 'engine-run-kernel',
    package: '@tensorflow/tfjs-core',
    symbol: 'tf.engine().runKernel',
    shape: 'runKernel(name, inputs, attrs) → the kernel’s outputs as tensors, with gradients taped',
    check: () => missingFunctions(tf.engine(), ['runKernel'])
  },
  {
    id: 'stock-kernels',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: `the 'wasm' kernels ${STOCK_WASM_KERNELS.join(', ')}`,
    shape:
      'registered when the package is imported; those written in C++ carry a setupFunc that ' +
      'binds their entry point when the backend starts (a replacement keeps it)',
    check: () => {
      const missing = STOCK_WASM_KERNELS.filter((k) => tf.getKernel(k, 'wasm') == null)
      if (missing.length > 0) return `no 'wasm' kernel ${missing.join(', ')} is registered`
      // The pure-JavaScript kernels (Reshape, Identity) need no setup; the C++ ones do.
      const unbound = [
        tf.BatchMatMul,
        tf._FusedMatMul,
        tf.Conv2DBackpropInput,
        tf.Sum,
        tf.Mean
      ].filter((k) => typeof tf.getKernel(k, 'wasm')?.setupFunc !== 'function')
      return unbound.length === 0
        ? null
        : `${unbound.join(', ')} ha${unbound.length === 1 ? 's' : 've'} no setupFunc`
    }
  }
]

/**
 * Throws an Error naming the first STATIC_ASSUMPTIONS entry that does not hold. Run before the
 * wasm backend is registered (resolve.ts); @tensorflow/tfjs-backend-wasm must be imported.
 */
export async function checkTfjsAssumptions(): Promise<void> {
  await checkAll(STATIC_ASSUMPTIONS, undefined)
}

/** What a running wasm backend must look like: its memory and its reference counts. */
export const BACKEND_ASSUMPTIONS: readonly Checked<unknown>[] = [
  {
    id: 'simd-flag',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: "tf.env() flag 'WASM_HAS_SIMD_SUPPORT'",
    shape: 'a registered flag whose value is a boolean',
    check: async () => {
      try {
        const value = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
        return typeof value === 'boolean' ? null : `its value is ${JSON.stringify(value)}`
      } catch (error) {
        return `reading it failed: ${error instanceof Error ? error.message : String(error)}`
      }
    }
  },
  {
    id: 'backend-memory',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: 'backend.wasm.asm.memory (one thread) or backend.wasm.wasmMemory (threaded build)',
    shape: 'the WebAssembly.Memory whose buffer holds every tensor’s bytes',
    check: (backend) => {
      const memory = wasmBackendMemory(backend)
      if (memory == null) return 'neither is a WebAssembly.Memory'
      const wasm = asWasmBackend(backend)
      const probe = wasm.makeOutput([4], 'float32')
      try {
        const view = wasm.typedArrayFromHeap(probe)
        return view.buffer === memory.buffer ? null : 'a tensor’s bytes are not in that memory'
      } finally {
        wasm.disposeData(probe.dataId)
      }
    }
  },
  {
    id: 'reference-counts',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: 'BackendWasm.prototype.{makeOutput, incRef, refCount, disposeData}',
    shape:
      'a fresh output has refCount 1, incRef adds 1, disposeData subtracts 1 and frees at 0 ' +
      '(a kernel updates a tensor in place only when its count is 1)',
    check: (backend) => {
      const wasm = asWasmBackend(backend)
      const probe = wasm.makeOutput([4], 'float32')
      const counts = [wasm.refCount(probe.dataId)]
      wasm.incRef(probe.dataId)
      counts.push(wasm.refCount(probe.dataId))
      wasm.disposeData(probe.dataId)
      counts.push(wasm.refCount(probe.dataId))
      wasm.disposeData(probe.dataId)
      counts.push(wasm.refCount(probe.dataId))
      const expected = [1, 2, 1, 0]
      return counts.every((c, k) => c === expected[k])
        ? null
        : `the counts were ${counts.join(', ')} where ${expected.join(', ')} was expected`
    }
  }
]

/**
 * Throws an Error naming the first BACKEND_ASSUMPTIONS entry that does not hold for `backend`
 * (the running wasm backend). Allocates and frees two small tensors.
 */
export async function checkWasmBackend(backend: unknown): Promise<void> {
  await checkAll(BACKEND_ASSUMPTIONS, backend)
}

// ---------------------------------------------------------------------------------------------
// The multi-threaded build, which tfjs never starts under Node (wasm-threads.ts starts it).

/** The threaded build's files: Emscripten's JS glue, its pthread worker script, the binary. */
export const THREADED_GLUE =
  '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'
export const THREADED_WORKER = `${THREADED_GLUE.slice(0, -3)}.worker.js`
export const THREADED_BINARY = 'tfjs-backend-wasm-threaded-simd.wasm'

/** The binary's import that tells the C++ side how many logical cores there are. */
export const CORE_COUNT_IMPORT = 'emscripten_num_logical_cores'

/** What the Emscripten module of the threaded build offers (the parts used here). */
export interface ThreadedModule {
  cwrap: (name: string, ret: string | null, args: string[]) => (...args: number[]) => number
  tfjs?: unknown
}
/** The glue's export: Emscripten's factory, taking the Module config object. */
export type ThreadedFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>

/** The worker threads Emscripten keeps on its Module as PThread (node:worker_threads Workers). */
export interface PThreads {
  unusedWorkers: { unref(): void; terminate(): unknown }[]
  runningWorkers: { unref(): void; terminate(): unknown }[]
}

/** Every worker of `pthreads`, idle or running. */
export function allWorkers(pthreads: PThreads | undefined): PThreads['unusedWorkers'] {
  return pthreads === undefined ? [] : [...pthreads.unusedWorkers, ...pthreads.runningWorkers]
}

/** The C++ entry points BackendWasm calls through `module.tfjs`, with their cwrap signatures. */
const ENTRY_POINTS = {
  init: ['init', null, []],
  initWithThreadsCount: ['init_with_threads_count', null, ['number']],
  getThreadsCount: ['get_threads_count', 'number', []],
  registerTensor: ['register_tensor', null, ['number', 'number', 'number']],
  disposeData: ['dispose_data', null, ['number']],
  dispose: ['dispose', null, []]
} as const satisfies Record<string, readonly [string, string | null, readonly string[]]>

/**
 * tfjs's BackendWasm on the started threaded `module` with `threads` threads: gives the module
 * the `tfjs` entry points tfjs's own init would, sets the count the constructor reads, and
 * constructs it (which starts XNNPACK's pool). Mutates `module` and tfjs-backend-wasm's count.
 */
export function threadedWasmBackend(module: ThreadedModule, threads: number): tf.KernelBackend {
  module.tfjs = Object.fromEntries(
    Object.entries(ENTRY_POINTS).map(([key, [name, ret, args]]) => [
      key,
      module.cwrap(name, ret, [...args])
    ])
  )
  setThreadsCount(threads)
  return new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0])
}

/** The threaded build as loaded, for its checks. */
export interface ThreadedBuild {
  /** Where the glue is (Emscripten's main script; the workers load it too). */
  gluePath: string
  /** The glue's source text. */
  glueSource: string
  /** What requiring the glue gave. */
  factory: unknown
  /** What the worker module exports as wasmWorkerContents. */
  workerScript: unknown
  /** The .wasm binary. */
  binary: Uint8Array
}

interface WasmModuleApi {
  compile(bytes: Uint8Array): Promise<object>
  Module: {
    imports(module: object): { module: string; name: string; kind: string }[]
    exports(module: object): { name: string; kind: string }[]
  }
}
const wasmModuleApi = (globalThis as unknown as { WebAssembly: WasmModuleApi }).WebAssembly

/** The Emscripten Module fields wasm-threads.ts sets or reads. */
const GLUE_FIELDS = [
  'locateFile',
  'mainScriptUrlOrBlob',
  'instantiateWasm',
  'printErr',
  'PThread',
  'unusedWorkers',
  'runningWorkers',
  'wasmMemory'
]

export const THREADED_ASSUMPTIONS: readonly Checked<ThreadedBuild>[] = [
  {
    id: 'threaded-glue',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: THREADED_GLUE,
    shape:
      'a CommonJS Emscripten factory whose Module honours ' +
      'locateFile, mainScriptUrlOrBlob, instantiateWasm and printErr, keeps its workers in ' +
      'PThread.unusedWorkers and runningWorkers, and its shared memory as wasmMemory',
    check: ({ glueSource, factory }) => {
      if (typeof factory !== 'function') return `it exports a ${typeof factory}, not a factory`
      const missing = GLUE_FIELDS.filter((f) => !glueSource.includes(f))
      return missing.length === 0 ? null : `its source never mentions ${missing.join(', ')}`
    }
  },
  {
    id: 'threaded-worker',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: `${THREADED_WORKER} export wasmWorkerContents`,
    shape:
      'the pthread worker’s source, which loads the glue with importScripts(path) and reads ' +
      'WasmBackendModuleThreadedSimd (the data: URL shim of wasm-threads.ts provides both)',
    check: ({ workerScript }) => {
      if (typeof workerScript !== 'string') return `it is a ${typeof workerScript}, not a string`
      const missing = ['importScripts', 'WasmBackendModuleThreadedSimd'].filter(
        (name) => !workerScript.includes(name)
      )
      return missing.length === 0 ? null : `it never mentions ${missing.join(', ')}`
    }
  },
  {
    id: 'threaded-binary',
    package: '@tensorflow/tfjs-backend-wasm',
    symbol: `${THREADED_BINARY} imports env.${CORE_COUNT_IMPORT}, exports ${Object.values(
      ENTRY_POINTS
    )
      .map(([name]) => name)
      .join(', ')}`,
    shape:
      'a function import the C++ side halves to cap its threads (we answer twice the count ' +
      'asked for), and the entry points BackendWasm calls through module.tfjs',
    check: async ({ binary }) => {
      const module = await wasmModuleApi.compile(binary)
      const imports = wasmModuleApi.Module.imports(module)
      const cores = imports.find((i) => i.module === 'env' && i.name === CORE_COUNT_IMPORT)
      if (cores?.kind !== 'function') return `it does not import env.${CORE_COUNT_IMPORT}`
      const exported = new Set(wasmModuleApi.Module.exports(module).map((e) => e.name))
      const missing = Object.values(ENTRY_POINTS)
        .map(([name]) => name)
        .filter((name) => !exported.has(name))
      return missing.length === 0 ? null : `it does not export ${missing.join(', ')}`
    }
  }
]

/**
 * Reads the threaded build: requires its glue and worker module (from Electron's asar archive
 * too) and reads the binary from `wasmDir` (a packaged app's), else from the package's folder.
 */
export async function loadThreadedBuild(wasmDir: string | null): Promise<ThreadedBuild> {
  const require = createRequire(import.meta.url)
  const gluePath = require.resolve(THREADED_GLUE)
  const worker = require(THREADED_WORKER) as { wasmWorkerContents?: unknown }
  const packageDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))
  return {
    gluePath,
    glueSource: await readFile(gluePath, 'utf8'),
    factory: require(gluePath) as unknown,
    workerScript: worker.wasmWorkerContents,
    binary: await readFile(join(wasmDir ?? packageDir, THREADED_BINARY))
  }
}

/**
 * Throws an Error naming the first THREADED_ASSUMPTIONS entry that does not hold for `build`.
 * Compiles the binary once (a fraction of a second) to read its imports and exports.
 */
export async function checkThreadedBuild(build: ThreadedBuild): Promise<void> {
  await checkAll(THREADED_ASSUMPTIONS, build)
}
