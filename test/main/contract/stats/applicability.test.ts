import { describe, expect, it } from 'vitest'
import {
  activationLabel,
  measureApplies,
  notApplicableText
} from '../../../../main/contract/stats/applicability'

describe('which unit measures apply to which layers', () => {
  it('measures dead units only in ReLU-family hidden layers', () => {
    expect(measureApplies('dead', 'relu')).toBe(true)
    expect(measureApplies('dead', 'leaky-relu')).toBe(true)
    expect(measureApplies('dead', 'sigmoid')).toBe(false)
    expect(measureApplies('dead', 'softmax', true)).toBe(false)
    expect(measureApplies('dead', 'relu', true)).toBe(false)
  })

  it('measures saturation only in sigmoid and tanh hidden layers', () => {
    expect(measureApplies('saturated', 'sigmoid')).toBe(true)
    expect(measureApplies('saturated', 'tanh')).toBe(true)
    expect(measureApplies('saturated', 'relu')).toBe(false)
    expect(measureApplies('saturated', 'elu')).toBe(false)
  })

  it('measures the stuck-negative fraction in leaky ReLU only, never in ELU, GELU and SiLU layers', () => {
    expect(measureApplies('stuckNegative', 'leaky-relu')).toBe(true)
    for (const activation of ['elu', 'gelu', 'silu']) {
      expect(measureApplies('stuckNegative', activation)).toBe(false)
      expect(measureApplies('dead', activation)).toBe(false)
    }
    expect(measureApplies('stuckNegative', 'relu')).toBe(false)
    expect(notApplicableText('saturated', ['gelu', 'silu'])).toMatch(
      /^Saturation is not applicable for GELU and SiLU layers: /
    )
  })

  it('says in words why a measure is not drawn', () => {
    expect(notApplicableText('saturated', ['relu', 'relu'])).toBe(
      'Saturation is not applicable for ReLU layers: only bounded units (sigmoid, tanh, hardtanh, softsign) have flat tails to saturate in.'
    )
    expect(notApplicableText('dead', ['sigmoid', 'tanh', 'output'])).toMatch(
      /^Dead fraction is not applicable for sigmoid, tanh and output layers: /
    )
    expect(notApplicableText('dead', [])).toBe('')
  })

  it('gives smooth units (GELU, SiLU, ELU) an inactive measure and neither dead nor saturated', () => {
    for (const a of ['gelu', 'silu', 'mish', 'softplus', 'elu', 'selu', 'celu']) {
      expect(measureApplies('inactive', a)).toBe(true)
      expect(measureApplies('dead', a)).toBe(false)
      expect(measureApplies('saturated', a)).toBe(false)
    }
    expect(measureApplies('inactive', 'relu')).toBe(false)
    expect(measureApplies('dead', 'relu6')).toBe(true)
    expect(measureApplies('saturated', 'hardtanh')).toBe(true)
    expect(measureApplies('stuckNegative', 'prelu')).toBe(true)
    expect(notApplicableText('dead', ['gelu'])).toMatch(/^Dead fraction is not applicable for GELU/)
  })

  it('shows an activation it does not know as unknown, with its class, never as linear', () => {
    for (const measure of ['dead', 'saturated', 'stuckNegative', 'inactive'] as const)
      expect(measureApplies(measure, 'unknown')).toBe(false)
    expect(activationLabel({ activation: 'unknown', activationClass: 'Swish' })).toBe(
      'unknown activation (Swish)'
    )
    expect(activationLabel({ activation: 'gelu' })).toBe('GELU')
  })
})
