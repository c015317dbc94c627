import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { OptimizerSpec } from '../../../../main/contract/config/schema'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import { makeOptimizer } from '../../../../main/engine/trainer/optimizer'

// Every optimizer takes a new learning rate between steps (the cosine schedule needs it), on the
// fused wasm kernels and on tfjs's own optimizers alike.

const SPECS: OptimizerSpec[] = [
  { type: 'sgd', learningRate: 0.5 },
  { type: 'momentum', learningRate: 0.5, momentum: 0.9 },
  { type: 'adam', learningRate: 0.5, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }
]
const RATES = [0.5, 0.1, 0, 0.02]
const GRADIENT = [0.3, -1.2, 2.5, -0.7, 0.05]

/** The variable after each step of gradient GRADIENT at the rates RATES. */
async function trajectory(backend: 'cpu' | 'wasm', spec: OptimizerSpec): Promise<number[][]> {
  await resolveBackend(backend)
  const optimizer = makeOptimizer(spec)
  const x = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]))
  const out: number[][] = []
  for (const rate of RATES) {
    optimizer.setLearningRate(rate)
    const gradient = tf.tensor1d(GRADIENT)
    optimizer.applyGradients({ [x.name]: gradient })
    gradient.dispose()
    out.push(Array.from(await x.data()))
  }
  optimizer.dispose()
  x.dispose()
  return out
}

describe('setLearningRate', () => {
  for (const spec of SPECS) {
    it(`changes ${spec.type}'s step size between steps, the same on wasm and cpu`, async () => {
      const wasm = await trajectory('wasm', spec)
      const cpu = await trajectory('cpu', spec)
      for (let step = 0; step < RATES.length; step++)
        for (let i = 0; i < GRADIENT.length; i++)
          expect(wasm[step]![i]).toBeCloseTo(cpu[step]![i]!, 5)
      // A rate of 0 leaves the variable where it was.
      expect(wasm[2]).toEqual(wasm[1])
      if (spec.type === 'sgd') {
        // x' = x − rate · g, step by step.
        expect(wasm[1]![1]! - wasm[0]![1]!).toBeCloseTo(0.1 * 1.2, 5)
        expect(wasm[3]![1]! - wasm[2]![1]!).toBeCloseTo(0.02 * 1.2, 5)
      }
      if (spec.type === 'adam') {
        // With one constant gradient Adam's step is about the rate itself in size.
        expect(Math.abs(wasm[3]![2]! - wasm[2]![2]!)).toBeCloseTo(0.02, 3)
      }
    })
  }
})
