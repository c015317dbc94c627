import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../../main/engine/backends/resolve'
import {
  MOMENTUM_UPDATE,
  SGD_UPDATE
} from '../../../../../main/engine/backends/wasm-kernels/momentum-update'
import { FusedMomentum } from '../../../../../main/engine/trainer/fused-momentum'
import { makeOptimizer } from '../../../../../main/engine/trainer/optimizer'
import type { OptimizerSpec } from '../../../../../main/contract/config/schema'
import { seeded } from '../cpu-reference'

// The fused SGD and momentum kernels (wasm only) against tfjs's own optimizers on the pure-JS
// cpu backend: same variables and gradients for several steps, same float32 values.

const SGD: OptimizerSpec = { type: 'sgd', learningRate: 0.05 }
const MOMENTUM: OptimizerSpec = { type: 'momentum', learningRate: 0.05, momentum: 0.9 }
/** Sizes with and without a tail after the four-lane SIMD blocks. */
const SHAPES = [[5], [16], [13, 11]]

async function trajectory(
  backend: 'cpu' | 'wasm',
  spec: OptimizerSpec,
  steps: number
): Promise<Float32Array[][]> {
  await resolveBackend(backend)
  const optimizer = makeOptimizer(spec)
  const variables = SHAPES.map((shape, k) => {
    const init = seeded(shape, 20 + k)
    return tf.variable(tf.tensor(init.values, shape))
  })
  const out: Float32Array[][] = []
  for (let step = 0; step < steps; step++) {
    const grads = Object.fromEntries(
      variables.map((v, k) => [
        v.name,
        tf.tensor(seeded(v.shape, 50 * step + k + 1).values, v.shape)
      ])
    )
    optimizer.applyGradients(grads)
    tf.dispose(Object.values(grads))
    out.push(variables.map((v) => v.dataSync() as Float32Array))
  }
  optimizer.dispose()
  tf.dispose(variables)
  return out
}

function worstDifference(a: Float32Array[][], b: Float32Array[][]): number {
  let worst = 0
  a.forEach((vars, step) =>
    vars.forEach((x, k) => {
      expect(b[step]![k]!.length).toBe(x.length)
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(b[step]![k]![i]! - x[i]!))
    })
  )
  return worst
}

describe('fused SGD and momentum updates on wasm', () => {
  it('are registered for wasm only, and makeOptimizer picks them only there', async () => {
    await resolveBackend('cpu')
    expect(tf.getKernel(SGD_UPDATE, 'cpu')).toBeUndefined()
    expect(tf.getKernel(MOMENTUM_UPDATE, 'cpu')).toBeUndefined()
    const onCpu = makeOptimizer(MOMENTUM)
    expect(onCpu.constructor).not.toBe(FusedMomentum)
    onCpu.dispose()
    await resolveBackend('wasm')
    for (const spec of [SGD, MOMENTUM]) {
      const onWasm = makeOptimizer(spec)
      expect(onWasm.constructor).toBe(FusedMomentum)
      onWasm.dispose()
    }
  })

  it.each([SGD, MOMENTUM])(
    'gives the same float32 values as tfjs $type on cpu over four steps',
    async (spec) => {
      const cpu = await trajectory('cpu', spec, 4)
      const wasm = await trajectory('wasm', spec, 4)
      expect(worstDifference(cpu, wasm)).toBe(0)
      // The variables really moved (a no-op would also "match" a no-op).
      expect(Math.abs(cpu[3]![0]![0]! - seeded([5], 20).values[0]!)).toBeGreaterThan(0.01)
    }
  )

  it('keeps momentum: a constant gradient moves the variable further each step', async () => {
    await resolveBackend('wasm')
    const optimizer = makeOptimizer(MOMENTUM)
    const v = tf.variable(tf.zeros([6]))
    const g = tf.ones([6])
    const positions: number[] = []
    const tensors = tf.memory().numTensors
    for (let step = 0; step < 3; step++) {
      optimizer.applyGradients({ [v.name]: g })
      positions.push(v.dataSync()[5]!)
      if (step === 0) expect(tf.memory().numTensors).toBe(tensors + 1) // the accumulation
    }
    // a = 1, 1.9, 2.71 → x = −0.05, −0.145, −0.2805
    expect(positions[0]).toBeCloseTo(-0.05, 6)
    expect(positions[1]).toBeCloseTo(-0.145, 6)
    expect(positions[2]).toBeCloseTo(-0.2805, 6)
    optimizer.dispose()
    expect(tf.memory().numTensors).toBe(tensors)
    tf.dispose([v, g])
  })
})
