import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { ActivationName, InitializerSpec } from '../../../../main/contract/config/schema'
import { tensorStats } from '../../../../main/stats/tensor-stats'
import {
  expectedVarianceChainFactor,
  initializerVariance,
  predictedPreVariance,
  predictedPreVarianceChain,
  TRUNCATED_NORMAL_VARIANCE_RATIO,
  truncatedNormalStddev
} from '../../../../main/contract/stats/theory'
import { weightStats } from '../../../../main/stats/weights'
import { makeRng } from '../../../../main/random/seeded-random'
import { draws, normal } from '../../stats/seeded-random'

/** h = x·W for row-major x [rows × n] and W [n × m]. */
function matmul(x: Float32Array, w: Float32Array, n: number, m: number): Float32Array {
  const rows = x.length / n
  const h = new Float32Array(rows * m)
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const xi = x[r * n + i]
      if (xi === 0) continue
      for (let j = 0; j < m; j++) h[r * m + j]! += xi! * w[i * m + j]!
    }
  }
  return h
}

const relu = (a: Float32Array): Float32Array => a.map((v) => (v > 0 ? v : 0))

/** Per layer of a ReLU stack of width n: measured Var(h), and the one-layer prediction from
 *  the measured E[x²] of its input and the measured variance of its weights. */
function reluStack(weightStd: number, depth: number, n: number, rows: number) {
  const draw = normal(1234)
  let x = draws(rows * n, draw)
  const measured: number[] = []
  const oneLayer: number[] = []
  for (let l = 0; l < depth; l++) {
    const w = draws(n * n, () => weightStd * draw())
    const h = matmul(x, w, n, n)
    measured.push(tensorStats(h, 8, 1).variance)
    oneLayer.push(
      predictedPreVariance(n, weightStats(w, n).variance, tensorStats(x, 8, 1).meanSquare)
    )
    x = relu(h)
  }
  return { measured, oneLayer }
}

describe('predictedPreVariance', () => {
  it('is fanIn · Var(w) · E[x²]', () => {
    expect(predictedPreVariance(100, 0.02, 0.5)).toBeCloseTo(1, 14)
    expect(predictedPreVariance(8, NaN, 1)).toBeNaN()
    expect(() => predictedPreVariance(0, 1, 1)).toThrow(/fanIn/)
  })

  it('predicts the measured variance of h = x·W for ReLU inputs, where n·Var(w)·Var(x) falls short', () => {
    const [rows, n, m] = [400, 256, 256]
    const draw = normal(8)
    const x = relu(draws(rows * n, draw))
    const w = draws(n * m, () => draw() / Math.sqrt(n))
    const measured = tensorStats(matmul(x, w, n, m), 8, 1).variance
    const input = tensorStats(x, 8, 1)
    const weightVar = weightStats(w, m).variance
    expect(predictedPreVariance(n, weightVar, input.meanSquare) / measured).toBeCloseTo(1, 1)
    // A ReLU output has mean > 0: Var(x) ≈ 0.68·E[x²], so the zero-mean formula is ~32% low.
    expect((n * weightVar * input.variance) / measured).toBeLessThan(0.75)
  })
})

describe('initializerVariance', () => {
  const [fanIn, fanOut] = [300, 100]
  const cases: [InitializerSpec, number][] = [
    [{ type: 'zeros' }, 0],
    [{ type: 'constant', value: 0.5 }, 0],
    [{ type: 'random-normal', stddev: 0.03, mean: 0 }, 0.0009],
    [{ type: 'glorot-normal' }, 2 / 400],
    [{ type: 'glorot-uniform' }, 2 / 400],
    [{ type: 'he-normal' }, 2 / 300],
    [{ type: 'he-uniform' }, 2 / 300],
    [{ type: 'lecun-normal' }, 1 / 300]
  ]
  it.each(cases)('gives %o the variance it draws with', (spec, expected) => {
    expect(initializerVariance(spec, fanIn, fanOut)).toBeCloseTo(expected, 15)
  })

  it('matches the variance of uniform draws on Keras limits ±√(6/(fanIn+fanOut)) and ±√(6/fanIn)', () => {
    const u = makeRng(4)
    for (const [spec, limit] of [
      [{ type: 'glorot-uniform' }, Math.sqrt(6 / (fanIn + fanOut))],
      [{ type: 'he-uniform' }, Math.sqrt(6 / fanIn)]
    ] as const) {
      const sample = draws(200_000, () => limit * (2 * u() - 1))
      const measured = tensorStats(sample, 8, 1).variance
      expect(measured / initializerVariance(spec, fanIn, fanOut)).toBeCloseTo(1, 2)
    }
  })

  it('rejects fans that are not positive whole numbers', () => {
    expect(() => initializerVariance({ type: 'he-normal' }, 0, 3)).toThrow(/fanIn/)
    expect(() => initializerVariance({ type: 'he-normal' }, 3, 1.5)).toThrow(/fanOut/)
  })
})

describe('truncated normal correction', () => {
  it('states the variance of N(0,1) cut at ±2, as Simpson integration finds it', () => {
    const steps = 4000
    const h = 4 / steps
    let mass = 0
    let second = 0
    for (let i = 0; i <= steps; i++) {
      const z = -2 + i * h
      const w = (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * Math.exp((-z * z) / 2)
      mass += w
      second += w * z * z
    }
    expect(second / mass).toBeCloseTo(TRUNCATED_NORMAL_VARIANCE_RATIO, 12)
  })

  it('shows tfjs truncatedNormal falls short by that ratio, and truncatedNormalStddev fixes it', () => {
    const target = 2 / 256
    const measure = (stddev: number): number =>
      tf.tidy(() => {
        const t = tf.truncatedNormal([200_000], 0, stddev, 'float32', 17)
        return tensorStats(t.dataSync() as Float32Array, 8, 1).variance
      })
    expect(measure(Math.sqrt(target)) / target).toBeCloseTo(TRUNCATED_NORMAL_VARIANCE_RATIO, 2)
    expect(measure(truncatedNormalStddev(target)) / target).toBeCloseTo(1, 2)
  })
})

describe('variance across depth', () => {
  it('gives He init with ReLU a factor of exactly 1, and 0.03·N(0,1) a factor n·0.0009/2', () => {
    expect(expectedVarianceChainFactor('relu', 256, 2 / 256)).toBe(1)
    expect(expectedVarianceChainFactor('relu', 256, 0.0009)).toBeCloseTo(0.1152, 14)
    expect(expectedVarianceChainFactor('leaky-relu', 100, 0.02, 0.1)).toBeCloseTo(1.01, 14)
    expect(expectedVarianceChainFactor('sigmoid', 100, 0.02)).toBeNaN()
  })

  it('holds steady with He, shrinks with 0.03·N(0,1) and explodes with N(0,1), as measured', () => {
    const [n, rows, depth] = [128, 256, 5]
    for (const std of [Math.sqrt(2 / n), 0.03, 1]) {
      const layers = Array.from({ length: depth }, () => ({
        fanIn: n,
        weightVar: std * std,
        activation: 'relu' as ActivationName
      }))
      const chain = predictedPreVarianceChain(layers, 1)
      const { measured, oneLayer } = reluStack(std, depth, n, rows)
      measured.forEach((v, l) => {
        // Each layer from its measured input: within 10%.
        expect(v / oneLayer[l]!).toBeGreaterThan(0.9)
        expect(v / oneLayer[l]!).toBeLessThan(1.1)
        // The whole chain from the data alone: finite-width noise compounds with depth, but it
        // stays within a factor 1.5 while the variance itself moves by 64× or 1/17 per layer.
        expect(v / chain[l]!).toBeGreaterThan(1 / 1.5)
        expect(v / chain[l]!).toBeLessThan(1.5)
      })
    }
  })

  it('follows the per-layer factor for ReLU and resets to unit variance after batch norm', () => {
    const layer = { fanIn: 64, weightVar: 0.01, activation: 'relu' as ActivationName }
    const chain = predictedPreVarianceChain([layer, layer, layer], 2)
    const factor = expectedVarianceChainFactor('relu', 64, 0.01)
    expect(chain[1]! / chain[0]!).toBeCloseTo(factor, 8)
    expect(chain[2]! / chain[1]!).toBeCloseTo(factor, 8)
    const withNorm = predictedPreVarianceChain([{ ...layer, batchNorm: true }, layer], 2)
    expect(withNorm[1]).toBeCloseTo(64 * 0.01 * 0.5, 8)
  })
})
