/**
 * Each activation's variance gain E[f(h)²]/Var(h) for h ~ N(0, σ²), computed by quadrature,
 * against Monte Carlo with independently written activations (GELU through its own erf series),
 * and the variance chain through GELU, SiLU and ELU stacks against a measured one.
 */
import { describe, expect, it } from 'vitest'
import type { ActivationName } from '../../../../main/contract/config/schema'
import { gaussianActivationMoments } from '../../../../main/contract/stats/gaussian-moments'
import {
  activationVarianceGain,
  expectedVarianceChainFactor,
  predictedPreVarianceChain
} from '../../../../main/contract/stats/theory'
import { draws, normal } from '../../stats/seeded-random'

/** erf by its Maclaurin series, |x| < 4 (beyond that erf = ±1 to 2e-8). Independent of erf.ts. */
function erfSeries(x: number): number {
  if (Math.abs(x) >= 4) return Math.sign(x)
  let term = x
  let sum = x
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n
    sum += term / (2 * n + 1)
  }
  return (2 / Math.sqrt(Math.PI)) * sum
}

const INDEPENDENT: Record<'gelu' | 'silu' | 'elu', (x: number) => number> = {
  gelu: (x) => 0.5 * x * (1 + erfSeries(x / Math.SQRT2)),
  silu: (x) => x / (1 + Math.exp(-x)),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1)
}

/** Monte Carlo E[f(h)²]/σ² with h ~ N(0, σ²); 400,000 seeded draws. */
function monteCarloGain(f: (x: number) => number, variance: number): number {
  const draw = normal(4242)
  const n = 400_000
  let meanSquare = 0
  for (let i = 0; i < n; i++) meanSquare += f(Math.sqrt(variance) * draw()) ** 2 / n
  return meanSquare / variance
}

describe('activationVarianceGain', () => {
  it('agrees with Monte Carlo for GELU, SiLU and ELU at σ = 0.3, 1 and 3 (within 1%)', () => {
    for (const activation of ['gelu', 'silu', 'elu'] as const) {
      for (const sigma of [0.3, 1, 3]) {
        const mc = monteCarloGain(INDEPENDENT[activation], sigma * sigma)
        const q = activationVarianceGain(activation, sigma * sigma)
        expect(Math.abs(q / mc - 1), `${activation} at σ = ${sigma}`).toBeLessThan(0.01)
      }
    }
  })

  it('depends on σ for GELU, SiLU and ELU, from the small-signal f′(0)² toward ReLU’s ½', () => {
    // Near 0 GELU and SiLU are x/2 (gain ¼), ELU is x (gain 1); far out all three are ReLU-like.
    expect(activationVarianceGain('gelu', 1e-6)).toBeCloseTo(0.25, 3)
    expect(activationVarianceGain('silu', 1e-6)).toBeCloseTo(0.25, 3)
    expect(activationVarianceGain('elu', 1e-6)).toBeCloseTo(1, 2)
    expect(activationVarianceGain('gelu', 0)).toBe(0.25)
    expect(activationVarianceGain('elu', 0)).toBe(1)
    for (const activation of ['gelu', 'silu', 'elu'] as const) {
      expect(activationVarianceGain(activation, 1e4)).toBeCloseTo(0.5, 2)
    }
    const gelu = [0.01, 0.1, 1, 10].map((v) => activationVarianceGain('gelu', v))
    expect(gelu).toEqual([...gelu].sort((a, b) => a - b))
  })

  it('has the closed-form mean E[GELU(h)] = σ²/√(2π(1+σ²)) (Stein’s lemma)', () => {
    for (const v of [0.25, 1, 4]) {
      const expected = v / Math.sqrt(2 * Math.PI * (1 + v))
      expect(gaussianActivationMoments('gelu', v).mean).toBeCloseTo(expected, 6)
    }
  })

  it('keeps ReLU at ½ and leaky ReLU at (1 + a²)/2 at every σ; sigmoid has no gain', () => {
    expect(activationVarianceGain('relu', 7)).toBe(0.5)
    expect(activationVarianceGain('leaky-relu', 0.1, 0.2)).toBeCloseTo(0.52, 14)
    expect(activationVarianceGain('sigmoid', 1)).toBeNaN()
    expect(activationVarianceGain('gelu', -1)).toBeNaN()
  })

  it('scales one layer’s factor by the gain at the given pre-activation variance', () => {
    const gain = activationVarianceGain('gelu', 2)
    expect(expectedVarianceChainFactor('gelu', 100, 0.01, 0.01, 2)).toBeCloseTo(gain, 12)
    expect(expectedVarianceChainFactor('silu', 100, 0.01)).toBeCloseTo(0.25, 12)
  })
})

describe('the variance chain through GELU, SiLU and ELU', () => {
  const fns: Record<'gelu' | 'silu' | 'elu', (x: number) => number> = INDEPENDENT

  /** Var(h) of each layer of a measured stack: width n, He-scaled N(0, 2/n) weights. */
  function measuredStack(activation: 'gelu' | 'silu' | 'elu', depth: number, n: number) {
    const rows = 512
    const draw = normal(77)
    let x = draws(rows * n, draw)
    const out: number[] = []
    for (let l = 0; l < depth; l++) {
      const w = draws(n * n, () => draw() * Math.sqrt(2 / n))
      const h = new Float64Array(rows * n)
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < n; i++) {
          const xi = x[r * n + i]!
          for (let j = 0; j < n; j++) h[r * n + j]! += xi * w[i * n + j]!
        }
      }
      out.push(h.reduce((s, v) => s + v * v, 0) / h.length)
      x = Float32Array.from(h, fns[activation])
    }
    return out
  }

  it('predicts a He-initialized stack’s measured variances within 15% at every depth', () => {
    const [n, depth] = [128, 4]
    for (const activation of ['gelu', 'silu', 'elu'] as const) {
      const layers = Array.from({ length: depth }, () => ({
        fanIn: n,
        weightVar: 2 / n,
        activation: activation as ActivationName
      }))
      const predicted = predictedPreVarianceChain(layers, 1)
      const measured = measuredStack(activation, depth, n)
      measured.forEach((v, l) => {
        expect(v / predicted[l]!, `${activation} layer ${l}`).toBeGreaterThan(1 / 1.15)
        expect(v / predicted[l]!, `${activation} layer ${l}`).toBeLessThan(1.15)
      })
      // He's factor 2 is tuned for ReLU's ½: GELU and SiLU (gain < ½) shrink the variance.
      if (activation !== 'elu') expect(predicted[depth - 1]!).toBeLessThan(predicted[0]!)
    }
  })
})
