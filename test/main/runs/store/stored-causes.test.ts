import { describe, expect, it } from 'vitest'
import { withStoredCauses } from '../../../../main/runs/store/run-store'
import type { Finding } from '../../../../main/contract/runs/summary'

const finding = (code: string, extra: Partial<Finding> = {}): Finding => ({
  code,
  severity: 'warning',
  layers: [0],
  steps: null,
  evidence: `${code} now`,
  suggestion: '',
  ...extra
})
const fix = { changes: [{ path: 'training.optimizer.learningRate', value: 0.003 }], why: 'w' }
const cause = {
  code: 'learning-rate' as const,
  confidence: 'likely' as const,
  text: 't',
  evidence: { layer: 'dense_1', step: 3, numbers: { updateRatio: 0.03 } }
}

describe('re-diagnosing a stored run keeps the causes and fixes its summary holds', () => {
  it('carries a stored cause and fix over to the fresh finding of the same code', () => {
    const stored = [finding('dead-relu', { evidence: 'old', cause, fix }), finding('overfitting')]
    const fresh = [finding('dead-relu'), finding('saturation')]
    expect(withStoredCauses(fresh, stored)).toEqual([
      { ...finding('dead-relu'), cause, fix },
      finding('saturation')
    ])
  })

  it("keeps the fresh finding's own cause and fix, and leaves runs without stored findings alone", () => {
    const own = { ...fix, why: 'fresh' }
    const fresh = [finding('dead-relu', { fix: own })]
    expect(withStoredCauses(fresh, [finding('dead-relu', { cause, fix })])).toEqual([
      finding('dead-relu', { fix: own, cause })
    ])
    expect(withStoredCauses(fresh, undefined)).toBe(fresh)
  })
})
