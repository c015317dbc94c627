import { createRequire } from 'node:module'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { describeBackend, resolveBackend } from '../../../../main/engine/backends/resolve'

// The native packages are optional dependencies: npm drops them where libtensorflow cannot be
// downloaded. These tests hold either way: where a package is missing they check the exact
// fallback notes a user without it sees; where it is installed, that it is used or its failure
// is named.
const require = createRequire(import.meta.url)
function installed(name: string): boolean {
  try {
    require.resolve(name)
    return true
  } catch {
    return false
  }
}
const hasNodeGpu = installed('@tensorflow/tfjs-node-gpu')
const hasNode = installed('@tensorflow/tfjs-node')
const ORDER = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu']

describe('resolveBackend', () => {
  it('picks the first backend that loads for auto and says why each earlier one was skipped', async () => {
    const { backend, notes } = await resolveBackend('auto')
    expect(notes.map((n) => n.backend)).toEqual(ORDER.slice(0, ORDER.indexOf(backend)))
    if (!hasNodeGpu && !hasNode) expect(backend).toBe('wasm')
    if (!hasNodeGpu)
      expect(notes[0]!.reason).toBe(
        '@tensorflow/tfjs-node-gpu is not installed (optional; needs CUDA and libtensorflow)'
      )
    // Here WebGPU finds no adapter, or only a software one (webgpu.test.ts checks both words).
    if (notes.length > 1)
      expect(notes[1]!.reason).toMatch(/^(no WebGPU adapter|only a software adapter)/)
    if (!hasNode && notes.length > 2)
      expect(notes[2]!.reason).toBe(
        '@tensorflow/tfjs-node is not installed (optional; needs libtensorflow)'
      )
    for (const note of notes.filter((n) => n.backend !== 'webgpu'))
      expect(note.reason).toMatch(/is not installed|failed to/)
  })

  it('installs the wasm training kernels when wasm is chosen', async () => {
    await resolveBackend('wasm')
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined()
    const dw = tf.tidy(() =>
      tf.grad((w: tf.Tensor) =>
        tf.sum(tf.conv2d(tf.ones([1, 4, 4, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'))
      )(tf.ones([3, 3, 1, 1]))
    )
    // Each filter tap sees all 4 output positions of an all-ones image.
    expect(Array.from(dw.dataSync())).toEqual(new Array(9).fill(4))
    dw.dispose()
  })

  it.runIf(!hasNode)(
    'fails a forced node backend with a message naming the missing package and the way out',
    async () => {
      await expect(resolveBackend('node')).rejects.toThrow(
        /Backend 'node' is not available: @tensorflow\/tfjs-node is not installed.*choose 'auto'/
      )
    }
  )

  it.runIf(!hasNodeGpu)('fails a forced node-gpu backend naming CUDA', async () => {
    await expect(resolveBackend('node-gpu')).rejects.toThrow(/needs CUDA and libtensorflow/)
  })

  it.runIf(hasNode)('uses an installed tfjs-node when forced, or names why it failed', async () => {
    const outcome = await resolveBackend('node').catch((e: Error) => e)
    if (outcome instanceof Error) expect(outcome.message).toMatch(/failed to/)
    else expect(outcome.backend).toBe('node')
  })

  it('runs a forced cpu backend with no notes', async () => {
    const result = await resolveBackend('cpu')
    expect(result).toEqual({ backend: 'cpu', notes: [] })
    expect(tf.getBackend()).toBe('cpu')
    const sum = tf.tidy(() => tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).arraySync())
    expect(sum).toEqual([4, 6])
  })

  it('describes the wasm backend with its SIMD and thread count', async () => {
    await resolveBackend('wasm')
    expect(await describeBackend('wasm')).toMatch(
      /^wasm \(WebAssembly, (no )?SIMD, \d+ threads?\)$/
    )
    expect(await describeBackend('cpu')).toMatch(/^cpu \(pure JavaScript/)
  })
})
