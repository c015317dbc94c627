import * as tf from '@tensorflow/tfjs'
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { describeBackend, resolveBackend } from '../../../../main/engine/backends/resolve'
import { adamLoopFor } from '../../../../main/engine/backends/wasm-kernels/adam-simd'
import { momentumLoopsFor } from '../../../../main/engine/backends/wasm-kernels/momentum-simd'
import { wasmBackendMemory } from '../../../../main/engine/backends/tfjs-internals'
import { useWasmThreads } from '../../../../main/engine/backends/wasm-threads'
import type { DataSource, TrainEvent } from '../../../../main/contract/trainer-protocol'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { testConfig } from '../test-backend'
import { TOLERANCE, wasmVersusCpu, seeded, weightedSum, type Loss } from './cpu-reference'

// The wasm backend on 2 threads runs tfjs's multi-threaded SIMD build (wasm-threads.ts): these
// tests start it for real, in this Node process, and hold it to the single-threaded results.

const isShared = (memory: { buffer: ArrayBuffer } | null) =>
  memory !== null && memory.buffer instanceof SharedArrayBuffer

describe('multi-threaded wasm backend', () => {
  it('starts 2 worker threads on a shared memory, and the SIMD training loops link to it', async () => {
    await resolveBackend('wasm', { threads: 2 })
    expect(tf.getBackend()).toBe('wasm')
    expect(getThreadsCount()).toBe(2)
    expect(await describeBackend('wasm')).toBe('wasm (WebAssembly, SIMD, 2 threads)')
    const memory = wasmBackendMemory(tf.backend())
    expect(isShared(memory)).toBe(true)
    expect(adamLoopFor(memory!)).toBeTypeOf('function')
    expect(momentumLoopsFor(memory!)).not.toBeNull()
  })

  it('runs one thread on the single-threaded build', async () => {
    await resolveBackend('wasm', { threads: 1 })
    expect(getThreadsCount()).toBe(1)
    expect(await describeBackend('wasm')).toBe('wasm (WebAssembly, SIMD, 1 thread)')
    expect(isShared(wasmBackendMemory(tf.backend()))).toBe(false)
  })

  it.each([0, 9, 1.5])('refuses %s threads, saying the range and the cores', async (threads) => {
    await expect(resolveBackend('wasm', { threads })).rejects.toThrow(
      new RegExp(`^Threads must be a whole number from 1 to 8 .*got ${threads}\\. This machine has`)
    )
  })

  it('computes conv and dense gradients as cpu does, on 2 threads', async () => {
    // Big enough that XNNPACK splits the work between the threads.
    const loss: Loss = (x, f, w) => {
      const conv = tf.relu(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'))
      const pooled = tf.maxPool(conv, 2, 2, 'valid')
      return weightedSum(tf.matMul(tf.reshape(pooled, [8, -1]), w as tf.Tensor2D), 3)
    }
    const inputs = [seeded([8, 16, 16, 3], 1), seeded([3, 3, 3, 16], 2), seeded([1024, 10], 4)]
    expect(await wasmVersusCpu(loss, inputs, 2)).toBeLessThan(TOLERANCE)
  })

  it.each([
    { net: 'MLP', layers: [{ type: 'dense', units: 64, initializer: 'he-normal' }] },
    {
      net: 'CNN',
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, initializer: 'he-normal' },
        { type: 'maxPool' },
        { type: 'dense', units: 16, initializer: 'he-normal' }
      ]
    }
  ] as const)(
    'trains the $net to the same losses from the same seed on 1 and 2 threads',
    async ({ layers }) => {
      const config = testConfig([...layers], {
        inputShape: [16, 16, 1],
        training: { epochs: 1, maxSteps: 20 }
      })
      const one = await stepLosses(config, 1)
      const two = await stepLosses(config, 2)
      expect(one).toHaveLength(20)
      expect(two).toHaveLength(20)
      two.forEach((loss, i) => expect(Math.abs(loss - one[i]!)).toBeLessThan(1e-4 * (1 + one[i]!)))
    }
  )
})

describe('when the threaded build cannot start', () => {
  // A folder without the binary stands in for any start failure (missing file, no workers).
  const nowhere = '/nonexistent-trainscape-wasm'
  afterAll(() => useWasmThreads(1, null, { fallback: false }))

  it('trains on one thread, with a warning, when the count was the default', async () => {
    await resolveBackend('cpu')
    useWasmThreads(3, nowhere, { fallback: true })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(await tf.setBackend('wasm')).toBe(true)
      expect(getThreadsCount()).toBe(1)
      expect(warn.mock.calls.flat().join(' ')).toMatch(
        /WebAssembly on 3 threads failed \(ENOENT.*nonexistent-trainscape-wasm.*\); training on 1 thread\./
      )
    } finally {
      warn.mockRestore()
    }
  })

  it('fails when the person chose the count', async () => {
    await resolveBackend('cpu')
    useWasmThreads(4, nowhere, { fallback: false })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(await tf.setBackend('wasm')).toBe(false)
      expect(warn.mock.calls.flat().join(' ')).toMatch(/nonexistent-trainscape-wasm/)
    } finally {
      warn.mockRestore()
    }
  })
})

const synthetic: DataSource = { kind: 'synthetic', examplesPerClass: 80 }

async function stepLosses(config: RunConfig, threads: number): Promise<number[]> {
  const events: TrainEvent[] = []
  const end = await runTraining(
    { runId: `threads-${threads}`, config, data: synthetic, backend: 'wasm', threads },
    (e) => events.push(e),
    { waitWhilePaused: async () => {}, stopRequested: () => false }
  )
  expect(end.status).toBe('completed')
  expect(getThreadsCount()).toBe(threads)
  return events.flatMap((e) => (e.type === 'step' ? [e.record.loss] : []))
}
