import * as tf from '@tensorflow/tfjs'
import { BackendWasm, version_wasm } from '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import {
  asWasmBackend,
  BACKEND_ASSUMPTIONS,
  brokenAssumption,
  checkThreadedBuild,
  checkTfjsAssumptions,
  checkWasmBackend,
  loadThreadedBuild,
  registeredVariable,
  runEngineKernel,
  STATIC_ASSUMPTIONS,
  THREADED_ASSUMPTIONS,
  wasmBackendMemory,
  WRITTEN_FOR,
  type ThreadedBuild
} from '../../../../main/engine/backends/tfjs-internals'
import { kernelBytes } from '../../../../main/engine/backends/wasm-kernels/wasm-loops'

// Each assumption about tfjs's internals holds for the installed packages, and each check fails,
// naming its assumption, when what it checks is taken away (the real objects, tampered with and
// restored).

/** Runs `body` with `object[key]` replaced by `value`, then puts the original back. */
async function without<T extends object>(
  object: T,
  key: PropertyKey,
  value: unknown,
  body: () => Promise<void>
): Promise<void> {
  const had = Object.getOwnPropertyDescriptor(object, key)
  Object.defineProperty(object, key, { value, configurable: true, writable: true })
  try {
    await body()
  } finally {
    if (had === undefined) Reflect.deleteProperty(object, key)
    else Object.defineProperty(object, key, had)
  }
}

const broken = (id: string): RegExp => new RegExp(`assumption '${id}' no longer holds`)

describe('the tfjs internals Trainscape relies on', () => {
  let build: ThreadedBuild
  beforeAll(async () => {
    await resolveBackend('wasm', { threads: 1 })
    build = await loadThreadedBuild(null)
  })

  it.each(STATIC_ASSUMPTIONS)('$id holds for the installed packages', async (a) => {
    expect(await a.check()).toBeNull()
  })

  it.each(BACKEND_ASSUMPTIONS)('$id holds for the running wasm backend', async (a) => {
    expect(tf.getBackend()).toBe('wasm')
    expect(await a.check(tf.backend())).toBeNull()
  })

  it.each(THREADED_ASSUMPTIONS)('$id holds for the installed threaded build', async (a) => {
    expect(await a.check(build)).toBeNull()
  })

  it('backend-methods: a missing method names the assumption and the method', async () => {
    await without(BackendWasm.prototype, 'refCount', undefined, async () => {
      await expect(checkTfjsAssumptions()).rejects.toThrow(broken('backend-methods'))
      await expect(checkTfjsAssumptions()).rejects.toThrow(/refCount is not a function/)
    })
    await expect(checkTfjsAssumptions()).resolves.toBeUndefined()
  })

  it('stock-kernels: a stock kernel that is not registered is named', async () => {
    const transpose = tf.getKernel(tf.Transpose, 'wasm')!
    tf.unregisterKernel(tf.Transpose, 'wasm')
    try {
      await expect(checkTfjsAssumptions()).rejects.toThrow(broken('stock-kernels'))
      await expect(checkTfjsAssumptions()).rejects.toThrow(/no 'wasm' kernel Transpose/)
    } finally {
      tf.registerKernel(transpose)
    }
  })

  it('engine-variables: a variable is found under its name, and only while it lives', () => {
    const variable = tf.variable(tf.zeros([2]), true, 'tfjs-internals-probe')
    expect(registeredVariable('tfjs-internals-probe')).toBe(variable)
    variable.dispose()
    expect(registeredVariable('tfjs-internals-probe')).toBeUndefined()
  })

  it('engine-run-kernel: runs a kernel to tensors and tapes its gradient', () => {
    const x = tf.tensor1d([1, 2, 3])
    const grad = tf.grad((a: tf.Tensor) => runEngineKernel(tf.Square, { x: a }, {}) as tf.Tensor)
    const out = runEngineKernel(tf.Square, { x }, {}) as tf.Tensor
    expect(Array.from(out.dataSync())).toEqual([1, 4, 9])
    expect(Array.from(grad(x).dataSync())).toEqual([2, 4, 6]) // d(x²)/dx = 2x
    tf.dispose([x, out])
  })

  it('thread-count: the count set before construction is the count the backend reports', async () => {
    // wasm-threads.test.ts starts the threaded build; here the single-threaded build reports 1.
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm')
    expect(getThreadsCount()).toBe(1)
  })

  it('simd-flag: a flag value that is not a boolean is reported', async () => {
    const flag = 'WASM_HAS_SIMD_SUPPORT'
    const value = await tf.env().getAsync(flag)
    tf.env().set(flag, 'yes' as unknown as boolean)
    try {
      await expect(checkWasmBackend(tf.backend())).rejects.toThrow(broken('simd-flag'))
      await expect(checkWasmBackend(tf.backend())).rejects.toThrow(/its value is "yes"/)
    } finally {
      tf.env().set(flag, value)
    }
  })

  it('backend-memory: a backend whose memory is not where tfjs kept it is reported', async () => {
    const real = asWasmBackend(tf.backend())
    expect(wasmBackendMemory(real)).not.toBeNull()
    const moved = Object.create(real, { wasm: { value: {} } }) as unknown
    expect(wasmBackendMemory(moved)).toBeNull()
    await expect(checkWasmBackend(moved)).rejects.toThrow(broken('backend-memory'))
    await expect(checkWasmBackend(moved)).rejects.toThrow(/neither is a WebAssembly.Memory/)
  })

  it('reference-counts: an incRef that counts nothing is reported with the counts seen', async () => {
    const real = asWasmBackend(tf.backend())
    const before = tf.memory().numBytes
    const forgetful = Object.create(real, { incRef: { value: () => {} } }) as unknown
    await expect(checkWasmBackend(forgetful)).rejects.toThrow(broken('reference-counts'))
    await expect(checkWasmBackend(forgetful)).rejects.toThrow(
      /the counts were 1, 1, 0, 0 where 1, 2, 1, 0 was expected/
    )
    expect(tf.memory().numBytes).toBe(before) // the probes were freed
  })

  it('threaded-glue: a glue that no longer honours instantiateWasm is named', async () => {
    const glueSource = build.glueSource.replaceAll('instantiateWasm', 'instantiate_wasm')
    await expect(checkThreadedBuild({ ...build, glueSource })).rejects.toThrow(
      broken('threaded-glue')
    )
    await expect(checkThreadedBuild({ ...build, glueSource })).rejects.toThrow(
      /never mentions instantiateWasm/
    )
  })

  it('threaded-worker: a worker module without wasmWorkerContents is reported', async () => {
    await expect(checkThreadedBuild({ ...build, workerScript: undefined })).rejects.toThrow(
      broken('threaded-worker')
    )
  })

  it('threaded-binary: a binary without the core-count import is reported', async () => {
    const other = { ...build, binary: kernelBytes('sgd')(false) }
    await expect(checkThreadedBuild(other)).rejects.toThrow(broken('threaded-binary'))
    await expect(checkThreadedBuild(other)).rejects.toThrow(
      /does not import env.emscripten_num_logical_cores/
    )
  })

  it('says which assumption broke, what is expected, for which version, and what to do', () => {
    const message = brokenAssumption(STATIC_ASSUMPTIONS[0]!, 'refCount is not a function').message
    expect(message).toContain("assumption 'backend-methods' no longer holds")
    expect(message).toContain('BackendWasm.prototype.{makeOutput')
    expect(message).toContain(`written for @tensorflow/tfjs-backend-wasm ${WRITTEN_FOR}`)
    expect(message).toContain(`installed: ${version_wasm}`)
    expect(message).toContain('but refCount is not a function')
    expect(message).toContain('npm ci')
  })

  it('stops a forced wasm backend with that message when an assumption breaks', async () => {
    await without(BackendWasm.prototype, 'incRef', undefined, async () => {
      await expect(resolveBackend('wasm', { threads: 1 })).rejects.toThrow(
        /Backend 'wasm' is not available: tfjs changed under Trainscape: assumption 'backend-methods'/
      )
    })
    await resolveBackend('wasm', { threads: 1 })
    expect(tf.getBackend()).toBe('wasm')
  })

  it('refuses a backend that is not the wasm backend', async () => {
    await tf.setBackend('cpu')
    try {
      expect(() => asWasmBackend(tf.backend())).toThrow(/not the wasm backend/)
      expect(wasmBackendMemory(tf.backend())).toBeNull()
    } finally {
      await tf.setBackend('wasm')
    }
  })
})
