/**
 * Chooses and activates the tfjs backend a run trains on. 'auto' tries, in order, native
 * TensorFlow with CUDA, native TensorFlow on the CPU, WebAssembly (made trainable by
 * wasm-training.ts) and pure JavaScript, and says why each earlier one was skipped. A forced
 * choice that cannot load is an Error naming the cause and what to do.
 */
import * as tf from '@tensorflow/tfjs'
import type { BackendChoice } from '../protocol'
import type { BackendNote } from '../../runs/summary'
import { bundledWasmPrefix } from '../../bundled-resources'
import { installWasmTrainingKernels } from './wasm-training'

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

/** Why `packageName` could not be imported: missing, or present but broken. */
export function importFailure(packageName: string, needs: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  const missing =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    message.includes(packageName)
  return missing
    ? `${packageName} is not installed (${needs})`
    : `${packageName} failed to load: ${message}`
}

/** tfjs accepts wasm paths only before its first initialization. */
let wasmPathsSet = false

/** Imports, activates and prepares one backend. Returns null on success, else the reason. */
async function loadBackend(candidate: Candidate): Promise<string | null> {
  if (candidate.packageName != null) {
    // A variable specifier keeps bundlers from resolving the optional native packages.
    const specifier: string = candidate.packageName
    try {
      await import(/* @vite-ignore */ specifier)
    } catch (error) {
      return importFailure(candidate.packageName, candidate.needs, error)
    }
  }
  if (candidate.name === 'wasm') {
    // A packaged app ships the wasm binaries outside its asar archive (bundled-resources.ts).
    const prefix = wasmPathsSet ? null : bundledWasmPrefix()
    if (prefix !== null) (await import('@tensorflow/tfjs-backend-wasm')).setWasmPaths(prefix)
    wasmPathsSet = true
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
  return null
}

/**
 * Activates the backend for `choice` (mutates tfjs' global backend) and returns our name for it
 * ('node-gpu' | 'node' | 'wasm' | 'cpu') with notes on every backend 'auto' skipped, in order.
 * Throws an Error naming the cause when a forced backend cannot load.
 */
export async function resolveBackend(
  choice: BackendChoice
): Promise<{ backend: string; notes: BackendNote[] }> {
  if (choice !== 'auto') {
    const candidate = BACKEND_ORDER.find((c) => c.name === choice)
    if (candidate == null) {
      throw new Error(
        `Unknown backend '${String(choice)}': use auto, ${BACKEND_ORDER.map((c) => c.name).join(', ')}.`
      )
    }
    const reason = await loadBackend(candidate)
    if (reason != null) {
      const install =
        candidate.packageName == null ? '' : ` To use it, install ${candidate.packageName};`
      throw new Error(
        `Backend '${choice}' is not available: ${reason}.${install} or choose 'auto' to use the fastest backend that loads.`
      )
    }
    return { backend: choice, notes: [] }
  }
  const notes: BackendNote[] = []
  for (const candidate of BACKEND_ORDER) {
    const reason = await loadBackend(candidate)
    if (reason == null) return { backend: candidate.name, notes }
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
    case 'node':
      return 'node (native TensorFlow, CPU)'
    case 'wasm': {
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true
      const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm')
      const threads = tf.getBackend() === 'wasm' ? getThreadsCount() : 1
      return `wasm (WebAssembly, ${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`
    }
    case 'cpu':
      return 'cpu (pure JavaScript, 1 thread; slow for convolutions)'
    default:
      return name
  }
}
