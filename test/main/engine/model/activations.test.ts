/**
 * GELU, SiLU and ELU in the engine, on the wasm backend the app trains on: values against
 * formulas written here, gradients against their analytic derivatives and float64 central
 * differences, and a short real training run with each that learns.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DataSource, RunEnd } from '../../../../main/contract/trainer-protocol'
import { activationOf } from '../../../../main/engine/model/activations'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import { testConfig, useTestBackend } from '../test-backend'

beforeAll(async () => {
  expect(await useTestBackend()).toBe('wasm')
})

/** Φ and φ of the standard normal, Φ by erf's Maclaurin series (|x| < 6 here: exact enough). */
const phi = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
function Phi(x: number): number {
  const z = x / Math.SQRT2
  let term = z
  let sum = z
  for (let n = 1; n < 300; n++) {
    term *= (-z * z) / n
    sum += term / (2 * n + 1)
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum)
}
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

const FORMULAS = {
  gelu: { f: (x: number) => x * Phi(x), df: (x: number) => Phi(x) + x * phi(x) },
  silu: {
    f: (x: number) => x * sigmoid(x),
    df: (x: number) => sigmoid(x) * (1 + x * (1 - sigmoid(x)))
  },
  elu: {
    f: (x: number) => (x > 0 ? x : Math.expm1(x)),
    df: (x: number) => (x > 0 ? 1 : Math.exp(x))
  }
} as const

const XS = [-5, -3.2, -1.7, -0.6, -0.05, 0.03, 0.4, 1.1, 2.5, 4.8]

describe('GELU, SiLU and ELU on wasm', () => {
  for (const name of ['gelu', 'silu', 'elu'] as const) {
    it(`computes ${name} and its gradient as the formulas (and central differences) say`, () => {
      const act = activationOf(name, 0.01)
      const { f, df } = FORMULAS[name]
      const [values, grads] = tf.tidy(() => {
        const x = tf.tensor1d(XS)
        const g = tf.grad((t: tf.Tensor) => tf.sum(act.apply(t)))(x)
        return [Array.from(act.apply(x).dataSync()), Array.from(g.dataSync())]
      })
      XS.forEach((x, i) => {
        expect(values[i]).toBeCloseTo(f(x), 5)
        expect(grads[i]).toBeCloseTo(df(x), 5)
        const h = 1e-5
        expect(grads[i]).toBeCloseTo((f(x + h) - f(x - h)) / (2 * h), 4)
      })
      expect(act.fused).toBeNull()
    })
  }

  it('passes gradients through a dense layer to its weights (a chain-rule check)', () => {
    // L = Σ gelu(x·W): ∂L/∂W[i][j] = Σ_rows x[r][i]·gelu′(h[r][j]).
    const x = [
      [0.5, -1.2],
      [2, 0.3],
      [-0.7, -0.4]
    ]
    const w = [
      [0.8, -1.5],
      [-0.3, 1.1]
    ]
    const grad = tf.tidy(() =>
      tf
        .grad((wt: tf.Tensor) =>
          tf.sum(activationOf('gelu', 0).apply(tf.matMul(tf.tensor2d(x), wt as tf.Tensor2D)))
        )(tf.tensor2d(w))
        .arraySync()
    ) as number[][]
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let expected = 0
        for (const row of x)
          expected += row[i]! * FORMULAS.gelu.df(row[0]! * w[0]![j]! + row[1]! * w[1]![j]!)
        expect(grad[i]![j]).toBeCloseTo(expected, 5)
      }
    }
  })
})

describe('training with GELU, SiLU and ELU', () => {
  const synthetic: DataSource = { kind: 'synthetic', examplesPerClass: 40 }
  for (const activation of ['gelu', 'silu', 'elu'] as const) {
    it(`lowers the loss of a small ${activation} MLP and beats chance`, async () => {
      const config = testConfig(
        [
          { type: 'dense', units: 32, activation, initializer: 'he-normal' },
          { type: 'dense', units: 16, activation, initializer: 'he-normal' }
        ],
        { training: { epochs: 3 } }
      )
      const losses: number[] = []
      const end: RunEnd = await runTraining(
        { runId: `t-${activation}`, config, data: synthetic, backend: 'wasm' },
        (e) => {
          if (e.type === 'step') losses.push(e.record.loss)
          if (e.type === 'probe') {
            for (const l of e.record.layers.slice(0, -1)) expect(l.deadFraction).toBe(0)
          }
        },
        { waitWhilePaused: async () => {}, stopRequested: () => false }
      )
      expect(end.status).toBe('completed')
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
      expect(mean(losses.slice(-5))).toBeLessThan(0.6 * mean(losses.slice(0, 5)))
      // The synthetic set has 10 classes (chance 0.1).
      expect(end.final.valAcc).toBeGreaterThan(0.5)
    }, 60_000)
  }
})
