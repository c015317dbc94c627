import { describe, expect, it } from 'vitest'
import { diagnoseRun, type DiagnosisInput } from '../../../../main/runs/diagnosis/diagnose-run'
import { suggestionText } from '../../../../main/contract/diagnosis/diagnosis-input'
import type { LayerInfo } from '../../../../main/contract/runs/records'
import { config, layerInfo, probes, stepRecords, type ProbeFields } from '../export/records-fixture'

const STEPS = [0, 10, 20, 30]

/** A run of hidden layers with `activation` and `initializer` (batch norm when `bn`). */
function run(
  activation: string,
  initializer: string,
  fields: (step: number, layer: number) => ProbeFields,
  bn = false
): DiagnosisInput {
  const hidden: LayerInfo[] = [0, 1, 2].map((i) => ({
    ...layerInfo(`dense_${i + 1}`, activation, 4, initializer),
    batchNorm: bn
  }))
  const layers = [...hidden, layerInfo('output', 'softmax', 10, 'glorot-uniform')]
  return {
    config: config(),
    layers,
    steps: stepRecords(STEPS.map(() => 1)),
    probes: probes(STEPS, layers.length, fields),
    epochs: [],
    summary: { status: 'completed', divergedAt: null, divergedLayer: null }
  }
}

const suggestion = (input: DiagnosisInput, code: string) =>
  diagnoseRun(input).find((f) => f.code === code)?.suggestion ?? ''

const dying = (step: number, layer: number) => ({
  deadFraction: layer === 0 ? (step === 0 ? 0.01 : 0.6) : 0
})
const vanishing = (_s: number, layer: number) => ({ gradNorm: layer === 3 ? 1 : 1e-5 })
const collapsing = (_s: number, layer: number) => ({ preVar: 10 ** -(2 * layer) })

describe('findings wording', () => {
  it('never starts a suggestion with "Try" (the panel already says "Try:")', () => {
    const inputs = [
      run('relu', 'random-normal(0, 1)', dying),
      run('sigmoid', 'random-normal(0, 0.4)', vanishing),
      run('relu', 'random-normal(0, 0.03)', collapsing),
      run('sigmoid', 'glorot-uniform', () => ({ saturatedFraction: 0.7, postMean: 0.5 }))
    ]
    const all = inputs.flatMap((i) => diagnoseRun(i))
    expect(all.length).toBeGreaterThanOrEqual(5)
    for (const f of all) {
      expect(f.suggestion).not.toMatch(/^try\b/i)
      expect(f.suggestion).toMatch(/^[A-Z].*\.$/)
    }
  })

  it('does not suggest He initialization to a He-initialized run', () => {
    expect(suggestion(run('relu', 'he-normal', dying), 'dead-relu')).not.toMatch(/\bHe\b/)
    expect(suggestion(run('relu', 'random-normal(0, 1)', dying), 'dead-relu')).toMatch(
      /He initialization instead of random-normal\(0, 1\)/
    )
    expect(suggestion(run('relu', 'he-normal', vanishing), 'vanishing-gradients')).not.toMatch(
      /\bHe\b/
    )
    expect(suggestion(run('relu', 'he-normal', collapsing), 'variance-collapse')).not.toMatch(
      /\bHe\b/
    )
  })

  it('does not suggest ReLU to a leaky-ReLU run, nor batch norm to a batch-norm run', () => {
    const leaky = suggestion(run('leaky-relu', 'he-normal', vanishing), 'vanishing-gradients')
    expect(leaky).not.toMatch(/ReLU/)
    expect(leaky).toMatch(/batch norm/i)
    const bn = suggestion(run('sigmoid', 'glorot-uniform', vanishing, true), 'vanishing-gradients')
    expect(bn).not.toMatch(/batch norm/i)
    expect(bn).toMatch(/ReLU instead of sigmoid/)
    const all = suggestion(run('relu', 'he-normal', vanishing, true), 'vanishing-gradients')
    expect(all).toMatch(/already uses ReLU, He initialization and batch norm/)
  })

  it('does not suggest ReLU to a GELU, SiLU or ELU run, and suggests He for their variance', () => {
    for (const activation of ['gelu', 'silu', 'elu']) {
      const v = suggestion(run(activation, 'he-normal', vanishing), 'vanishing-gradients')
      expect(v).not.toMatch(/ReLU instead/)
      expect(v).toMatch(/batch norm/i)
      expect(
        suggestion(run(activation, 'random-normal(0, 0.03)', collapsing), 'variance-collapse')
      ).toMatch(/^He initialization/)
    }
  })

  it('does not tell a tanh run to use tanh', () => {
    const s = suggestion(
      run('tanh', 'glorot-uniform', () => ({ postMean: 0.4 })),
      'not-zero-centred'
    )
    expect(s).not.toMatch(/tanh/)
    expect(s).toMatch(/batch norm/i)
  })

  it('gives dead units a step range that the evidence states', () => {
    const [f] = diagnoseRun(run('relu', 'he-normal', dying))
    expect(f!.steps).toEqual([10, 30])
    expect(f!.evidence).toContain('steps 10–30')
    expect(f!.evidence).toContain('at step 30')
  })

  it('joins options into one capitalized sentence, with a fallback when none is left', () => {
    expect(suggestionText(['leaky ReLU', false, 'a lower learning rate'], 'x')).toBe(
      'Leaky ReLU; or a lower learning rate.'
    )
    expect(suggestionText([false], 'Nothing left.')).toBe('Nothing left.')
  })
})
