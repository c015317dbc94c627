import { describe, expect, it } from 'vitest'
import {
  onSharedMemory,
  unsharedFloats
} from '../../../../../main/engine/backends/wasm-kernels/unshared-scratch'

describe('unshared scratch arrays', () => {
  it('hands out unshared arrays of the length asked for, reused per slot and grown when short', () => {
    const first = unsharedFloats('test slot', 10)
    expect(first.length).toBe(10)
    expect(onSharedMemory(first)).toBe(false)
    first[3] = 7
    const again = unsharedFloats('test slot', 6)
    expect(again.buffer).toBe(first.buffer)
    expect(again[3]).toBe(7)
    const other = unsharedFloats('other slot', 6)
    expect(other.buffer).not.toBe(first.buffer)
    const grown = unsharedFloats('test slot', 100)
    expect(grown.length).toBe(100)
    expect(grown.buffer).not.toBe(first.buffer)
    expect(unsharedFloats('test slot', 20).buffer).toBe(grown.buffer)
  })

  it('tells views on shared memory from the rest', () => {
    expect(onSharedMemory(new Float32Array(new SharedArrayBuffer(16)))).toBe(true)
    expect(onSharedMemory(new Float32Array(4))).toBe(false)
  })
})
