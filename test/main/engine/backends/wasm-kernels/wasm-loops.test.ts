import { describe, expect, it } from 'vitest'
import { momentumLoopsFor } from '../../../../../main/engine/backends/wasm-kernels/momentum-simd'
import {
  instantiate,
  kernelBytes,
  loopsPerMemory,
  wasmApi,
  type KernelName
} from '../../../../../main/engine/backends/wasm-kernels/wasm-loops'
import { assembled } from '../../../../../main/engine/backends/wasm-kernels/wat/assembled'

// The kernels fall back to JavaScript when a module does not instantiate, so a broken module
// would only show as lost speed: these tests fail instead.

// Each kernel by the name of the function it exports.
const EXPORTS: Record<KernelName, string> = {
  adam: 'adam',
  sgd: 'sgd',
  momentum: 'momentum',
  maxPoolGrad: 'pool',
  moments: 'moments',
  gradientSums: 'gradientSums',
  normalize: 'normalize',
  affine: 'affine'
}
const MODULES = (Object.keys(assembled) as KernelName[]).map((kernel) => ({
  kernel,
  name: EXPORTS[kernel],
  bytes: kernelBytes(kernel)
}))

/** The sgd module cut one byte short (its last `end`): it does not validate. */
const BROKEN = kernelBytes('sgd')(false).slice(0, -1)

describe('the SIMD kernels assembled from wat/', () => {
  it.each(MODULES)(
    'the $kernel module validates and instantiates on a memory',
    ({ name, bytes }) => {
      expect(wasmApi.validate(bytes(false))).toBe(true)
      expect(instantiate(bytes, new wasmApi.Memory({ initial: 1 }), name)).toBeTypeOf('function')
    }
  )

  it.each(MODULES)(
    "the $kernel module links to a shared memory like the multi-threaded backend's",
    ({ name, bytes }) => {
      // The threaded build's memory: shared, at most 4 GB (65536 pages).
      const shared = new (
        wasmApi as unknown as {
          Memory: new (d: { initial: number; maximum: number; shared: boolean }) => {
            buffer: ArrayBuffer
          }
        }
      ).Memory({ initial: 1, maximum: 65536, shared: true })
      expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect(wasmApi.validate(bytes(true))).toBe(true)
      expect(instantiate(bytes, shared, name)).toBeTypeOf('function')
      // A module declaring a plain memory import does not link to it: the kernels would fall back.
      expect(instantiate(() => bytes(false), shared, name)).toBeNull()
    }
  )

  it('returns null for a module that does not validate', () => {
    expect(wasmApi.validate(BROKEN)).toBe(false)
    expect(instantiate(() => BROKEN, new wasmApi.Memory({ initial: 1 }), 'f')).toBeNull()
  })

  it('compiles once per memory, and gives null when one of the modules does not link', () => {
    let binds = 0
    const loopsFor = loopsPerMemory(
      { sgd: kernelBytes('sgd'), adam: kernelBytes('adam') },
      (loops) => {
        binds++
        return loops
      }
    )
    const [first, second] = [new wasmApi.Memory({ initial: 1 }), new wasmApi.Memory({ initial: 1 })]
    const loops = loopsFor(first)
    expect(loops?.sgd).toBeTypeOf('function')
    expect(loops?.adam).toBeTypeOf('function')
    expect(loopsFor(first)).toBe(loops)
    expect(binds).toBe(1)
    expect(loopsFor(second)).not.toBe(loops)
    expect(binds).toBe(2)
    const broken = () => BROKEN
    expect(loopsPerMemory({ sgd: kernelBytes('sgd'), f: broken }, () => binds++)(first)).toBeNull()
    expect(binds).toBe(2)
  })

  it('runs SGD and momentum on a memory: x = −lr·g + x and a = m·a + g', () => {
    const memory = new wasmApi.Memory({ initial: 1 })
    const loops = momentumLoopsFor(memory)
    expect(loops).not.toBeNull()
    const at = (k: number) => new Float32Array(memory.buffer, k * 32, 8)
    const [x, a, g, outX] = [at(0), at(1), at(2), at(3)]
    x.set([1, 2, 3, 4, 5, 6, 7, 8])
    a.fill(1)
    g.fill(2)
    loops?.sgd(0, 64, 96, 8, Math.fround(-0.5))
    expect(Array.from(outX)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    loops?.momentum(0, 32, 64, 96, 32, 8, Math.fround(0.5), Math.fround(-0.5))
    expect(Array.from(a)).toEqual(new Array(8).fill(2.5))
    expect(Array.from(outX)).toEqual([-0.25, 0.75, 1.75, 2.75, 3.75, 4.75, 5.75, 6.75])
  })
})
