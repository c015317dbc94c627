/**
 * A few bytes of the WebAssembly binary format, enough to hand-assemble the small SIMD loops the
 * training kernels run on the wasm backend's own memory (adam-simd.ts, max-pool-grad-simd.ts,
 * batch-norm-simd.ts): no toolchain is installed, and these loops are a few dozen instructions
 * each. Opcodes are the WebAssembly spec's; SIMD ones follow the 0xfd prefix. Also what runs
 * those loops: instantiating them on a backend's memory, once per memory.
 */

export const get = (local: number): number[] => [0x20, local]
export const set = (local: number): number[] => [0x21, local]
export const I32_ADD = 0x6a
export const I32_GE_U = 0x4f
export const i32 = (value: number): number[] => [0x41, ...sleb(value)]
/** `f32.const 0`: four zero bytes are +0 in IEEE 754 single precision. */
export const F32_ZERO = [0x43, 0, 0, 0, 0]

const simd = (op: number): number[] => [0xfd, ...leb(op)]
export const v128 = {
  load: [...simd(0x00), 0, 0],
  store: [...simd(0x0b), 0, 0],
  and: simd(0x4e),
  andNot: simd(0x4f),
  bitselect: simd(0x52),
  f32x4Gt: simd(0x44),
  f32x4Splat: simd(0x13),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7)
}

/** `block loop (exit when local ≥ limit) …body… br 0 end end`: a counted loop. */
export function loopUntil(counter: number, limit: number, body: number[]): number[] {
  const exit = [...get(counter), ...get(limit), I32_GE_U, 0x0d, 1]
  return [0x02, 0x40, 0x03, 0x40, ...exit, ...body, 0x0c, 0, 0x0b, 0x0b]
}

/** `local += step` for an i32 local. */
export const advance = (local: number, step: number[]): number[] => [
  ...get(local),
  ...step,
  I32_ADD,
  ...set(local)
]

export function leb(n: number): number[] {
  const out: number[] = []
  do {
    const byte = n & 0x7f
    n >>>= 7
    out.push(n === 0 ? byte : byte | 0x80)
  } while (n !== 0)
  return out
}

function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const byte = n & 0x7f
    n >>= 7
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content]
}

const name = (s: string): number[] => [s.length, ...[...s].map((c) => c.charCodeAt(0))]

/** Pages of the largest memory (4 GB) the multi-threaded wasm backend declares, and so ours. */
const SHARED_MAX_PAGES = 65536

/**
 * A module importing env.memory and exporting one function `name` with parameter types
 * `params` (0x7f i32, 0x7d f32), no results, and `code` (local declarations, instructions, end).
 * `shared`: the memory imported is a shared one (the multi-threaded backend's, see
 * wasm-threads.ts), which an import must declare as shared, with a maximum.
 */
export function moduleBytes(
  exportName: string,
  params: number[],
  code: number[],
  shared = false
): Uint8Array {
  const limits = shared ? [0x03, 0x00, ...leb(SHARED_MAX_PAGES)] : [0x00, 0x00]
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params.length, ...params, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exportName), 0x00, 0]),
    ...section(10, [1, ...leb(code.length), ...code])
  ])
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

/**
 * The wasm backend's WebAssembly.Memory (tensors' bytes live there), or null if not found. The
 * single-threaded build exports its memory; the multi-threaded one creates it in JavaScript
 * (shared with its worker threads) and keeps it as `wasmMemory`.
 */
export function backendMemory(backend: { wasm: unknown }): WasmMemory | null {
  const module = backend.wasm as { asm?: { memory?: unknown }; wasmMemory?: unknown } | null
  const memory = module?.asm?.memory ?? module?.wasmMemory
  return memory instanceof wasmApi.Memory ? memory : null
}
