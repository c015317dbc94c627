import { describe, expect, it } from 'vitest'
import {
  ACTIVATION_FUNCTIONS,
  gaussianActivationMoments
} from '../../../../main/contract/stats/gaussian-moments'
import { normal } from '../../stats/seeded-random'

/** Monte Carlo E[f(h)] and E[f(h)²], h ~ N(0, variance), with a fixed seed. */
function monteCarlo(f: (x: number) => number, variance: number, n = 400_000) {
  const draw = normal(99)
  let mean = 0
  let meanSquare = 0
  for (let i = 0; i < n; i++) {
    const y = f(Math.sqrt(variance) * draw())
    mean += y / n
    meanSquare += (y * y) / n
  }
  return { mean, meanSquare }
}

describe('gaussianActivationMoments', () => {
  it('gives E[relu(h)²] = v/2: ReLU halves the second moment', () => {
    expect(gaussianActivationMoments('relu', 3).meanSquare).toBeCloseTo(1.5, 9)
    // E[relu(h)] = σ/√(2π)
    expect(gaussianActivationMoments('relu', 4).mean).toBeCloseTo(2 / Math.sqrt(2 * Math.PI), 9)
  })

  it('gives E[leaky(h)²] = (1 + a²)·v/2 and E[h²] = v for linear', () => {
    expect(gaussianActivationMoments('leaky-relu', 2, 0.2).meanSquare).toBeCloseTo(1.04, 9)
    expect(gaussianActivationMoments('linear', 0.7).meanSquare).toBeCloseTo(0.7, 9)
  })

  it('gives sigmoid a mean of exactly ½ at any variance, and f(0)² at variance 0', () => {
    expect(gaussianActivationMoments('sigmoid', 5).mean).toBeCloseTo(0.5, 12)
    expect(gaussianActivationMoments('sigmoid', 0)).toEqual({ mean: 0.5, meanSquare: 0.25 })
  })

  it('agrees with Monte Carlo for tanh, sigmoid and elu', () => {
    for (const activation of ['tanh', 'sigmoid', 'elu'] as const) {
      const f = (x: number): number => ACTIVATION_FUNCTIONS[activation](x, 0)
      const mc = monteCarlo(f, 2)
      const q = gaussianActivationMoments(activation, 2)
      expect(Math.abs(q.meanSquare - mc.meanSquare)).toBeLessThan(0.01 * mc.meanSquare)
    }
  })

  it('gives NaN for a negative or non-finite variance', () => {
    expect(gaussianActivationMoments('relu', -1).meanSquare).toBeNaN()
    expect(gaussianActivationMoments('tanh', NaN).mean).toBeNaN()
  })
})
