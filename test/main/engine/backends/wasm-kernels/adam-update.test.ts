import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../../main/engine/backends/resolve'
import { ADAM_UPDATE } from '../../../../../main/engine/backends/wasm-kernels/adam-update'
import { FusedAdam } from '../../../../../main/engine/trainer/fused-adam'
import { makeOptimizer } from '../../../../../main/engine/trainer/optimizer'
import { seeded } from '../cpu-reference'

// The fused Adam kernel (wasm only) against tfjs's own Adam on the pure-JS cpu backend: the same
// variables and gradients for several steps must give the same float32 values.

const SPEC = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const
/** Sizes with and without a tail after the four-lane SIMD blocks, and a matrix. */
const SHAPES = [[7], [64], [3, 5], [33, 31]]

/** Variable values after each of `steps` Adam steps on seeded gradients, on `backend`. */
async function adamTrajectory(backend: 'cpu' | 'wasm', steps: number): Promise<Float32Array[][]> {
  await resolveBackend(backend)
  const optimizer = makeOptimizer(SPEC)
  const variables = SHAPES.map((shape, k) => {
    const init = seeded(shape, 10 + k)
    return tf.variable(tf.tensor(init.values, shape))
  })
  const trajectory: Float32Array[][] = []
  for (let step = 0; step < steps; step++) {
    const grads = Object.fromEntries(
      variables.map((v, k) => {
        const g = seeded(v.shape, 100 * step + k + 1)
        // Scaled gradients: some tiny, some large, so ε and the corrections matter.
        const scale = 10 ** ((k % 3) - 2)
        return [
          v.name,
          tf.tensor(
            g.values.map((x) => x * scale),
            v.shape
          )
        ]
      })
    )
    optimizer.applyGradients(grads)
    tf.dispose(Object.values(grads))
    trajectory.push(variables.map((v) => v.dataSync() as Float32Array))
  }
  optimizer.dispose()
  tf.dispose(variables)
  return trajectory
}

describe('fused Adam update on wasm', () => {
  it('is registered for wasm only, and makeOptimizer picks it only there', async () => {
    await resolveBackend('cpu')
    expect(tf.getKernel(ADAM_UPDATE, 'cpu')).toBeUndefined()
    const onCpu = makeOptimizer(SPEC)
    // By constructor: tfjs's Optimizer answers `instanceof` by duck typing.
    expect(onCpu.constructor).not.toBe(FusedAdam)
    onCpu.dispose()
    await resolveBackend('wasm')
    expect(tf.getKernel(ADAM_UPDATE, 'wasm')).toBeDefined()
    const onWasm = makeOptimizer(SPEC)
    expect(onWasm.constructor).toBe(FusedAdam)
    onWasm.dispose()
  })

  it('gives the same float32 values as tfjs Adam on cpu over five steps', async () => {
    const cpu = await adamTrajectory('cpu', 5)
    const wasm = await adamTrajectory('wasm', 5)
    let worst = 0
    cpu.forEach((vars, step) =>
      vars.forEach((c, k) => {
        expect(wasm[step]![k]!.length).toBe(c.length)
        for (let i = 0; i < c.length; i++) {
          worst = Math.max(
            worst,
            Math.abs(wasm[step]![k]![i]! - c[i]!) / Math.max(1, Math.abs(c[i]!))
          )
        }
      })
    )
    // Both round every intermediate to float32 at the same places: equal up to one rounding.
    expect(worst).toBeLessThanOrEqual(2 ** -23)
    // And the variables really moved (a no-op would also "match" a no-op).
    expect(cpu[4]![0]![0]).not.toBeCloseTo(seeded([7], 10).values[0]!, 3)
  })
})
