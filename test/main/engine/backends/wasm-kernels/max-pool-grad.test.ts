import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../../main/engine/backends/resolve'
import { routeToMaxima } from '../../../../../main/engine/backends/wasm-kernels/max-pool-grad'
import { tiles2x2 } from '../../../../../main/engine/backends/wasm-kernels/max-pool-grad-simd'
import { seeded } from '../cpu-reference'

// Routing rules the gradient checks against cpu cannot see with random values (ties, NaN), and
// the SIMD path for 2×2 stride-2 pools against the cpu backend.

/** dX of a 2×2 stride-2 max pool of x for upstream dy, on `backend`. */
async function poolGrad(
  backend: 'cpu' | 'wasm',
  x: Float32Array,
  shape: [number, number, number, number],
  dy: Float32Array
): Promise<Float32Array> {
  await resolveBackend(backend)
  return tf.tidy(() => {
    const xs = tf.tensor4d(x, shape)
    const dys = tf.tensor4d(dy, [shape[0], shape[1] / 2, shape[2] / 2, shape[3]])
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dys))
    )
    return grad(xs).dataSync() as Float32Array
  })
}

function route(x: number[], shape: [number, number, number, number], dy: number[]): number[] {
  const info = tf.backend_util.computePool2DInfo(shape, 2, 2, 1, 'valid')
  const dx = new Float32Array(x.length)
  routeToMaxima(Float32Array.from(x), Float32Array.from(dy), info, dx)
  return Array.from(dx)
}

describe('max-pool gradient routing', () => {
  it('sends each 2×2 window to its first maximum in row order when values tie, per channel', () => {
    // One 2×2 image with two channels: channel 0 all equal, channel 1 ties at the last two.
    const x = [5, 1, 5, 2, 5, 3, 5, 3]
    expect(route(x, [1, 2, 2, 2], [10, 20])).toEqual([10, 0, 0, 0, 0, 20, 0, 0])
  })

  it('never routes to NaN and drops a window that is all NaN or −∞', () => {
    const x = [NaN, -7, -9, NaN]
    expect(route(x, [1, 2, 2, 1], [4])).toEqual([0, 4, 0, 0])
    expect(route([NaN, NaN, -Infinity, NaN], [1, 2, 2, 1], [4])).toEqual([0, 0, 0, 0])
  })

  it.each([
    { shape: [2, 6, 4, 4], values: 'random' },
    { shape: [3, 4, 8, 8], values: 'all negative' },
    { shape: [1, 4, 4, 12], values: 'ties and NaN' }
  ] as const)(
    'matches cpu for a 2×2 stride-2 pool of $shape with $values values (the SIMD path on wasm)',
    async (c) => {
      const shape = [...c.shape] as [number, number, number, number]
      expect(tiles2x2(tf.backend_util.computePool2DInfo(shape, 2, 2, 1, 'valid'))).toBe(true)
      const size = shape.reduce((a, b) => a * b, 1)
      const x = seeded([size], 5).values.map((v, i) => {
        if (c.values === 'all negative') return v - 2
        if (c.values === 'ties and NaN') return i % 7 === 0 ? NaN : Math.round(v * 2)
        return v
      })
      const dy = seeded([size / 4], 6).values
      const cpu = await poolGrad('cpu', x, shape, dy)
      const wasm = await poolGrad('wasm', x, shape, dy)
      expect(wasm.length).toBe(cpu.length)
      expect(cpu.some((v) => v !== 0)).toBe(true)
      let worst = 0
      for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(wasm[i]! - cpu[i]!))
      expect(worst).toBe(0)
    }
  )
})
