import { describe, expect, it } from 'vitest'
import {
  gradientRatio,
  gradientVerdict
} from '../../../../main/contract/diagnosis/gradient-verdict'
import * as T from '../../../../main/contract/diagnosis/thresholds'
import { layerInfo, probes } from '../../runs/export/records-fixture'

/** Probes at steps 0..30 whose layer i has gradient norm norms[i]. */
const profile = (norms: number[]) =>
  probes([0, 10, 20, 30], norms.length, (_s, l) => ({ gradNorm: norms[l] }))
/** Layers of equal size (16 × 4 weights each), so per-weight ratios equal norm ratios. */
const sameSize = (n: number) => Array.from({ length: n }, (_, i) => layerInfo(`dense_${i}`, 'relu'))
const verdict = (norms: number[]) => gradientVerdict(profile(norms), sameSize(norms.length))

describe('the Layers view gradient verdict', () => {
  it('uses the findings thresholds on the first ÷ output ratio of RMS gradient per weight', () => {
    expect(verdict([T.GRAD_RATIO_VANISHING / 2, 0.1, 1]).kind).toBe('vanishing')
    expect(verdict([T.GRAD_RATIO_EXPLODING * 2, 10, 1]).kind).toBe('exploding')
    expect(verdict([T.GRAD_RATIO_VANISHING * 2, 0.1, 1]).kind).toBe('within')
  })

  it('states the measured ratio, not a fixed claim', () => {
    const v = verdict([0.5, 0.7, 2])
    expect(v.text).toMatch(
      /gradient per weight \(RMS\) is 0.25× the output layer's \(median over 4 probes\)/
    )
    expect(v.large).toBe(false)
  })

  it('does not call norms of ~1,500 healthy just because their ratio is near 1', () => {
    const v = verdict([1500, 1400, 1300])
    expect(v.kind).toBe('within')
    expect(v.large).toBe(true)
    expect(v.text).toMatch(/norms themselves are large \(up to 1500 at step 30\)/)
  })

  it('says a diverged profile is non-finite, and asks for data without two layers', () => {
    expect(verdict([Number.NaN, 1, 1]).kind).toBe('non-finite')
    expect(verdict([1]).kind).toBe('unknown')
    expect(gradientVerdict([], []).kind).toBe('unknown')
  })
})

describe('the ratio of RMS gradient per weight', () => {
  it('divides each norm by the square root of its kernel size, so layer sizes do not bias it', () => {
    const big = { ...layerInfo('dense_1', 'relu', 128), fanIn: 784 }
    const out = { ...layerInfo('output', 'softmax', 10), fanIn: 128 }
    const norms = [{ gradNorm: Math.sqrt(784 * 128) }, { gradNorm: Math.sqrt(128 * 10) }]
    expect(gradientRatio(norms, [big, out])).toBeCloseTo(1, 12)
  })
})
