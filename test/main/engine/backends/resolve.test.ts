import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { describeBackend, resolveBackend } from '../../../../main/engine/backends/resolve'

// The native packages are optional dependencies and are not installed on this machine, so these
// tests see the same fallbacks a user without libtensorflow sees.
describe('resolveBackend', () => {
  it('picks wasm for auto and says why node-gpu and node were skipped', async () => {
    const { backend, notes } = await resolveBackend('auto')
    expect(backend).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(notes.map((n) => n.backend)).toEqual(['node-gpu', 'node'])
    expect(notes[0].reason).toBe(
      '@tensorflow/tfjs-node-gpu is not installed (optional; needs CUDA and libtensorflow)'
    )
    expect(notes[1].reason).toBe(
      '@tensorflow/tfjs-node is not installed (optional; needs libtensorflow)'
    )
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

  it('fails a forced node backend with a message naming the missing package and the way out', async () => {
    await expect(resolveBackend('node')).rejects.toThrow(
      /Backend 'node' is not available: @tensorflow\/tfjs-node is not installed.*choose 'auto'/
    )
    await expect(resolveBackend('node-gpu')).rejects.toThrow(/needs CUDA and libtensorflow/)
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
