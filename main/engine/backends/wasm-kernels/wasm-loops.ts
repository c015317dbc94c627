/**
 * What runs the training kernels' small WebAssembly SIMD loops (adam-simd.ts, momentum-simd.ts,
 * max-pool-grad-simd.ts, batch-norm-simd.ts) on a backend's own memory: their bytes, assembled
 * from the .wat text in wat/ (wat/assembled.ts, generated), instantiated once per memory.
 */
import { assembled } from './wat/assembled'

/** A kernel in wat/ by its key (`gradient-sums.wat` → `gradientSums`). */
export type KernelName = keyof typeof assembled

/**
 * The binary of kernel `name` (wat/<name>.wat): for a shared memory (the multi-threaded
 * backend's, which an import must declare as shared) or a plain one. A new array each call.
 */
export function kernelBytes(name: KernelName): (shared: boolean) => Uint8Array {
  return (shared) => {
    const text = atob(assembled[name][shared ? 'shared' : 'plain'])
    return Uint8Array.from(text, (c) => c.charCodeAt(0))
  }
}

/** The parts of the WebAssembly JS API these loops use (the project's TS libs do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> }
  validate(bytes: Uint8Array): boolean
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

/** A function one of these modules exports: numbers in (offsets, counts, scalars), none out. */
export type WasmLoop = (...args: number[]) => void

/**
 * Instantiates the module `bytesFor` builds (for a shared memory or not, as `memory` is) on
 * `memory` and returns its export `exportName`, or null when the module does not compile or link
 * here (a runtime without WebAssembly SIMD).
 */
export function instantiate(
  bytesFor: (shared: boolean) => Uint8Array,
  memory: WasmMemory,
  exportName: string
): WasmLoop | null {
  const shared =
    typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
  const bytes = bytesFor(shared)
  if (!wasmApi.validate(bytes)) return null
  try {
    const instance = new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } })
    return instance.exports[exportName] as WasmLoop
  } catch {
    return null
  }
}

/**
 * Compiles `modules` (export name → its module's bytes, see `instantiate`) on a memory once and
 * hands their exports to `bind`. The function returned gives bind's value for `memory`, the same
 * one on every later call, or null when a module does not compile or link there (a runtime
 * without WebAssembly SIMD). Kept in a WeakMap, so a disposed backend's memory is not held.
 */
export function loopsPerMemory<Name extends string, Loops>(
  modules: Record<Name, (shared: boolean) => Uint8Array>,
  bind: (exports: Record<Name, WasmLoop>) => Loops
): (memory: WasmMemory) => Loops | null {
  const cache = new WeakMap<WasmMemory, Loops | null>()
  const compile = (memory: WasmMemory): Loops | null => {
    const exports = {} as Record<Name, WasmLoop>
    for (const name of Object.keys(modules) as Name[]) {
      const loop = instantiate(modules[name], memory, name)
      if (loop == null) return null
      exports[name] = loop
    }
    return bind(exports)
  }
  return (memory) => {
    if (!cache.has(memory)) cache.set(memory, compile(memory))
    return cache.get(memory) ?? null
  }
}
