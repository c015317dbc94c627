import { describe, expect, it } from 'vitest'
import { adamLoopFor } from '../../../../../main/engine/backends/wasm-kernels/adam-simd'
import { kernelBytes, wasmApi } from '../../../../../main/engine/backends/wasm-kernels/wasm-loops'
import { adamUpdate } from '../../../../../main/engine/backends/wasm-kernels/adam-update'
import { seeded } from '../cpu-reference'

// The SIMD loop (wat/adam.wat) against the JavaScript loop that rounds each step with
// Math.fround: both must give identical float32 bits.

describe('Adam SIMD module', () => {
  it('is a valid WebAssembly module', () => {
    expect(wasmApi.validate(kernelBytes('adam')(false))).toBe(true)
  })

  it('writes the same bits as the JavaScript update, in place for the moments', () => {
    const n = 256
    const memory = new wasmApi.Memory({ initial: 1 })
    // Five arrays at distinct offsets of one memory: x, m, v, g, x'.
    const at = (k: number) => new Float32Array(memory.buffer, k * n * 4, n)
    const [x, m, v, g, outX] = [at(0), at(1), at(2), at(3), at(4)]
    x.set(seeded([n], 1).values)
    m.set(seeded([n], 2).values.map((a) => a * 0.01))
    v.set(seeded([n], 3).values.map((a) => a * a * 1e-4))
    g.set(seeded([n], 4).values.map((a, i) => a * 10 ** ((i % 5) - 3)))
    const k = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
    const coefficients = {
      ...k,
      correction1: Math.fround(1 - 0.9 ** 3),
      correction2: Math.fround(1 - 0.999 ** 3)
    }
    const expected = { x: new Float32Array(n), m: m.slice(), v: v.slice() }
    adamUpdate(x, m, v, g, coefficients, expected)
    const f = Math.fround
    const loop = adamLoopFor(memory)
    expect(loop).not.toBeNull()
    loop?.(0, n * 4, 2 * n * 4, 3 * n * 4, 4 * n * 4, n, {
      beta1: f(0.9),
      beta2: f(0.999),
      keep1: f(1 - 0.9),
      keep2: f(1 - 0.999),
      correction1: coefficients.correction1,
      correction2: coefficients.correction2,
      epsilon: f(1e-7),
      negLearningRate: f(-1e-3)
    })
    expect(Array.from(outX)).toEqual(Array.from(expected.x))
    expect(Array.from(m)).toEqual(Array.from(expected.m))
    expect(Array.from(v)).toEqual(Array.from(expected.v))
    expect(outX.some((a, i) => a !== x[i])).toBe(true)
  })
})
