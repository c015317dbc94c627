import { describe, expect, it } from 'vitest'
import { gradientVerdict } from '../../../../main/runs/diagnosis/gradient-verdict'
import * as T from '../../../../main/runs/diagnosis/thresholds'
import { probes } from '../export/records-fixture'

/** Probes at steps 0..30 whose layer i has gradient norm norms[i]. */
const profile = (norms: number[]) =>
  probes([0, 10, 20, 30], norms.length, (_s, l) => ({ gradNorm: norms[l] }))

describe('the Layers view gradient verdict', () => {
  it('uses the findings thresholds on the first ÷ output gradient-norm ratio', () => {
    expect(gradientVerdict(profile([T.GRAD_RATIO_VANISHING / 2, 0.1, 1])).kind).toBe('vanishing')
    expect(gradientVerdict(profile([T.GRAD_RATIO_EXPLODING * 2, 10, 1])).kind).toBe('exploding')
    expect(gradientVerdict(profile([T.GRAD_RATIO_VANISHING * 2, 0.1, 1])).kind).toBe('within')
  })

  it('states the measured ratio, not a fixed claim', () => {
    const v = gradientVerdict(profile([0.5, 0.7, 2]))
    expect(v.text).toMatch(/gradient norm is 0.25× the output layer's \(median over 4 probes\)/)
    expect(v.large).toBe(false)
  })

  it('does not call norms of ~1,500 healthy just because their ratio is near 1', () => {
    const v = gradientVerdict(profile([1500, 1400, 1300]))
    expect(v.kind).toBe('within')
    expect(v.large).toBe(true)
    expect(v.text).toMatch(/norms themselves are large \(up to 1500 at step 30\)/)
  })

  it('says a diverged profile is non-finite, and asks for data without two layers', () => {
    expect(gradientVerdict(profile([Number.NaN, 1, 1])).kind).toBe('non-finite')
    expect(gradientVerdict(profile([1])).kind).toBe('unknown')
    expect(gradientVerdict([]).kind).toBe('unknown')
  })
})
