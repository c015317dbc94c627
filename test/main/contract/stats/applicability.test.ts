import { describe, expect, it } from 'vitest'
import { measureApplies, notApplicableText } from '../../../../main/contract/stats/applicability'

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

  it('measures the inactive (stuck-negative) fraction in leaky ReLU, ELU, GELU and SiLU layers', () => {
    for (const activation of ['leaky-relu', 'elu', 'gelu', 'silu']) {
      expect(measureApplies('stuckNegative', activation)).toBe(true)
      expect(measureApplies('dead', activation)).toBe(activation === 'leaky-relu')
    }
    expect(measureApplies('stuckNegative', 'relu')).toBe(false)
    expect(notApplicableText('saturated', ['gelu', 'silu'])).toMatch(
      /^Saturation is not applicable for GELU and SiLU layers: /
    )
  })

  it('says in words why a measure is not drawn', () => {
    expect(notApplicableText('saturated', ['relu', 'relu'])).toBe(
      'Saturation is not applicable for ReLU layers: only sigmoid and tanh units have flat tails to saturate in.'
    )
    expect(notApplicableText('dead', ['sigmoid', 'tanh', 'output'])).toMatch(
      /^Dead fraction is not applicable for sigmoid, tanh and output layers: /
    )
    expect(notApplicableText('dead', [])).toBe('')
  })
})
