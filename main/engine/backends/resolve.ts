/**
 * Chooses and activates the tfjs backend a run trains on. 'auto' tries, in order, native
 * TensorFlow with CUDA, WebGPU on a hardware adapter (Metal, Vulkan, D3D12; webgpu.ts),
 * native TensorFlow on the CPU, WebAssembly (made trainable by wasm-training.ts) and pure
 * JavaScript, and says why each earlier one was skipped. A software WebGPU adapter
 * (SwiftShader, llvmpipe) is skipped by 'auto' and used only when forced. A forced choice that
 * cannot load is an Error naming the cause and what to do. WebAssembly trains on one thread per
 * core unless `threads` says otherwise (wasm-threads.ts). The optional backends that fail to
 * load are remembered (backend-memo.ts): 'auto' then skips them, saying so, instead of probing a
 * missing GPU on every run.
 */
import * as tf from '@tensorflow/tfjs'
import type { BackendChoice } from '../../contract/trainer-protocol'
import { adapterName, type BackendNote, type GpuAdapter } from '../../contract/runs/summary'
import { bundledWasmPrefix } from '../../files/bundled-resources'
import { installWasmTrainingKernels } from './wasm-training'
import {
  checkTfjsAssumptions,
  checkWasmBackend,
  wasmHasSimd,
  wasmThreadsCount
} from './tfjs-internals'
import { defaultWasmThreads } from './thread-count'
import { rememberedFailures, rememberFailures } from './backend-memo'
import { useWasmThreads } from './wasm-threads'
import { activeAdapter, openWebgpu } from './webgpu'

export type BackendName = Exclude<BackendChoice, 'auto'>

/** How to bring up one backend: data, not branches (see loadBackend). */
interface Candidate {
  name: BackendName
  /** Package that registers the backend when imported; none for the built-in cpu backend. */
  packageName: string | null
  /** Name the package registers with tfjs ('tensorflow' for both native packages). */
  tfName: string
  /** What the package needs besides itself, said when it is missing. */
  needs: string
}

export const BACKEND_ORDER: readonly Candidate[] = [
  {
    name: 'node-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    tfName: 'tensorflow',
    needs: 'optional; needs CUDA and libtensorflow'
  },
  {
    // Imports webgpu (Dawn) and @tensorflow/tfjs-backend-webgpu itself (webgpu.ts).
    name: 'webgpu',
    packageName: null,
    tfName: 'webgpu',
    needs: 'optional; needs a Vulkan, Metal or D3D12 driver'
  },
  {
    name: 'node',
    packageName: '@tensorflow/tfjs-node',
    tfName: 'tensorflow',
    needs: 'optional; needs libtensorflow'
  },
  {
    name: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    tfName: 'wasm',
    needs: 'a dependency of Trainscape; reinstall with npm ci'
  },
  { name: 'cpu', packageName: null, tfName: 'cpu', needs: 'built into @tensorflow/tfjs' }
]

/** Imports `packageName`, or says why it could not (see importFailure). */
async function tryImport(
  packageName: string,
  needs: string
): Promise<{ module: unknown } | { reason: string }> {
  // A variable specifier keeps bundlers from resolving the optional native packages.
  const specifier: string = packageName
  try {
    return { module: await import(/* @vite-ignore */ specifier) }
  } catch (error) {
    return { reason: importFailure(packageName, needs, error) }
  }
}

/** Why `packageName` could not be imported: missing, or present but broken. */
export function importFailure(packageName: string, needs: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  const missing =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    message.includes(packageName)
  if (missing) return `${packageName} is not installed (${needs})`
  const library = /lib(cudart|cudnn|cublas|cufft|curand|cusolver|cusparse)[\w.]*\.so[\d.]*/.exec(
    message
  )
  if (library != null && packageName === '@tensorflow/tfjs-node-gpu')
    return `${library[0]} not found: tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1`
  // tfjs-node's own message runs over several lines (how to rebuild, a troubleshooting link): its
  // first line says what failed, and the reason is shown on one line beside the backend.
  const firstLine = message.split('\n', 1)[0]!.trim()
  return `${packageName} failed to load: ${firstLine}`
}

/** tfjs accepts wasm paths only before its first initialization. */
let wasmPathsSet = false

/** How a backend should run; each option applies to the backends that have it. */
export interface BackendOptions {
  /** wasm: worker threads (wasm-threads.ts), as the person chose them; must start. */
  threads?: number
  /**
   * wasm: threads when `threads` is unset (the net's default, thread-count.ts threadsForNet);
   * may fall back to one thread. One per core when both are unset.
   */
  defaultThreads?: number
  /** 'auto': where failed probes are remembered across processes (backend-memo.ts). */
  memoFile?: string
}

/** The WebGPU adapter of the last backend loadBackend activated, when that was webgpu. */
let loadedAdapter: GpuAdapter | undefined

/**
 * Imports, activates and prepares one backend. Returns null on success, else the reason.
 * `forced`: the user chose it by name (a software WebGPU adapter is then accepted).
 */
async function loadBackend(
  candidate: Candidate,
  options: BackendOptions,
  forced: boolean
): Promise<string | null> {
  loadedAdapter = undefined
  if (candidate.packageName != null) {
    const imported = await tryImport(candidate.packageName, candidate.needs)
    if ('reason' in imported) return imported.reason
  }
  if (candidate.name === 'webgpu') {
    const outcome = await openWebgpu(forced, (name) => tryImport(name, candidate.needs))
    if (!outcome.ok) return outcome.reason
    loadedAdapter = outcome.adapter
  }
  if (candidate.name === 'wasm') {
    // A packaged app ships the wasm binaries outside its asar archive (bundled-resources.ts).
    const prefix = wasmPathsSet ? null : bundledWasmPrefix()
    if (prefix !== null) (await import('@tensorflow/tfjs-backend-wasm')).setWasmPaths(prefix)
    wasmPathsSet = true
    // A count the person chose must start; the default may fall back to one thread.
    const fallback = options.threads === undefined
    // The tfjs internals the training kernels rely on, checked before anything uses them.
    const broken = await problem(checkTfjsAssumptions())
    if (broken !== null) return broken
    const threads = options.threads ?? options.defaultThreads ?? defaultWasmThreads()
    useWasmThreads(threads, bundledWasmPrefix(), { fallback })
    installWasmTrainingKernels()
  }
  let ok: boolean
  try {
    ok = await tf.setBackend(candidate.tfName)
  } catch (error) {
    return `backend '${candidate.tfName}' failed to start: ${error instanceof Error ? error.message : String(error)}`
  }
  if (!ok)
    return `backend '${candidate.tfName}' failed to initialize (see the warning tfjs printed above)`
  await tf.ready()
  return candidate.name === 'wasm' ? problem(checkWasmBackend(tf.backend())) : null
}

/** The message of the Error `check` rejects with (a broken tfjs assumption), or null. */
async function problem(check: Promise<void>): Promise<string | null> {
  try {
    await check
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/** Said after a failure 'auto' did not probe again. */
export const REMEMBERED =
  'remembered from an earlier probe on this machine; choose it by name to try again'

/** The backend a run trains on, why earlier ones were skipped, and the WebGPU adapter if any. */
export interface ResolvedBackend {
  backend: string
  notes: BackendNote[]
  adapter?: GpuAdapter
}

/** `resolved` with the adapter when the backend just loaded was webgpu. */
function withAdapter(resolved: ResolvedBackend): ResolvedBackend {
  return loadedAdapter === undefined ? resolved : { ...resolved, adapter: loadedAdapter }
}

/**
 * Activates the backend for `choice` (mutates tfjs' global backend) and returns our name for it
 * ('node-gpu' | 'webgpu' | 'node' | 'wasm' | 'cpu') with notes on every backend 'auto' skipped,
 * in order, and the adapter when it is webgpu.
 * Throws an Error naming the cause when a forced backend cannot load.
 */
export async function resolveBackend(
  choice: BackendChoice,
  options: BackendOptions = {}
): Promise<ResolvedBackend> {
  if (choice !== 'auto') {
    const candidate = BACKEND_ORDER.find((c) => c.name === choice)
    if (candidate == null) {
      throw new Error(
        `Unknown backend '${String(choice)}': use auto, ${BACKEND_ORDER.map((c) => c.name).join(', ')}.`
      )
    }
    const reason = await loadBackend(candidate, options, true)
    if (reason != null) {
      const install =
        candidate.packageName != null
          ? ` To use it, install ${candidate.packageName};`
          : candidate.name === 'webgpu'
            ? ` It needs the optional packages webgpu and @tensorflow/tfjs-backend-webgpu and a GPU driver with Vulkan, Metal or D3D12;`
            : ''
      throw new Error(
        `Backend '${choice}' is not available: ${reason}.${install} or choose 'auto' to use the fastest backend that loads.`
      )
    }
    return withAdapter({ backend: choice, notes: [] })
  }
  const notes: BackendNote[] = []
  const remembered = await rememberedFailures(options.memoFile)
  const failed = new Map<string, string>()
  for (const candidate of BACKEND_ORDER) {
    const known = remembered.get(candidate.name)
    if (known !== undefined) {
      notes.push({ backend: candidate.name, reason: `${known} (${REMEMBERED})` })
      continue
    }
    const reason = await loadBackend(candidate, options, false)
    if (reason == null) {
      await rememberFailures(failed, options.memoFile)
      return withAdapter({ backend: candidate.name, notes })
    }
    failed.set(candidate.name, reason)
    notes.push({ backend: candidate.name, reason })
  }
  throw new Error(
    `No tfjs backend could start: ${notes.map((n) => `${n.backend}: ${n.reason}`).join('; ')}.`
  )
}

/**
 * One line for people about the active backend `name`, e.g. "wasm (WebAssembly, SIMD, 1 thread)".
 * Call after resolveBackend. Does not mutate.
 */
export async function describeBackend(name: string): Promise<string> {
  switch (name) {
    case 'node-gpu':
      return 'node-gpu (native TensorFlow, CUDA)'
    case 'webgpu': {
      const adapter = activeAdapter()
      if (adapter == null) return 'webgpu'
      const kind = adapter.software ? 'software adapter — not a GPU' : 'GPU'
      return `webgpu (${adapterName(adapter)}; ${kind})`
    }
    case 'node':
      return 'node (native TensorFlow, CPU)'
    case 'wasm': {
      const simd = await wasmHasSimd()
      const threads = tf.getBackend() === 'wasm' ? wasmThreadsCount() : 1
      return `wasm (WebAssembly, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`
    }
    case 'cpu':
      return 'cpu (pure JavaScript, 1 thread; slow for convolutions)'
    default:
      return name
  }
}
