/**
 * The cause rules on hand-built probe records: each record says exactly what it contains, so
 * each test states the condition a cause needs and checks the code, the evidence numbers (the
 * ones put in, or derived from them by the formula the rule documents) and the fix's paths.
 */
import { describe, expect, it } from 'vitest'
import { diagnoseRun, type DiagnosisInput } from '../../../../../main/runs/diagnosis/diagnose-run'
import * as T from '../../../../../main/contract/diagnosis/thresholds'
import type { Finding } from '../../../../../main/contract/runs/summary'
import {
  config,
  layerInfo,
  probes,
  stepRecords,
  type ProbeFields
} from '../../export/records-fixture'

const STEPS = [0, 10, 20, 30]

function run(
  activations: string[],
  fields: (step: number, layer: number) => ProbeFields,
  extra: Partial<DiagnosisInput> = {},
  steps = STEPS
): DiagnosisInput {
  const layers = [
    ...activations.map((a, i) => layerInfo(`dense_${i + 1}`, a)),
    layerInfo('output', 'softmax', 10)
  ]
  return {
    config: config(),
    layers,
    steps: stepRecords(steps.map(() => 1)),
    probes: probes(steps, layers.length, fields),
    epochs: [],
    summary: { status: 'completed', divergedAt: null, divergedLayer: null },
    ...extra
  }
}

const first = (input: DiagnosisInput): Finding => {
  const [f] = diagnoseRun(input)
  if (!f) throw new Error('expected a finding')
  return f
}

/** dense_1 (ReLU) dies after step 0 while its first update ratio is `ratio`. */
const dying =
  (ratio: number) =>
  (step: number, layer: number): ProbeFields => ({
    deadFraction: layer === 0 && step > 0 ? 0.6 : 0,
    updateRatio: step === 0 ? ratio : 0.002
  })

describe('learning-rate', () => {
  it('names the step size when the update ratio before the deaths is ten times the rule of thumb', () => {
    const input = run(['relu'], dying(0.05), {
      summary: {
        status: 'completed',
        divergedAt: null,
        divergedLayer: null,
        dataset: { counts: {}, meanImageShare: 0.31 }
      }
    })
    const f = first(input)
    expect(f.code).toBe('dead-relu')
    expect(f.cause).toMatchObject({
      code: 'learning-rate',
      confidence: 'likely',
      evidence: {
        layer: 'dense_1',
        step: 0,
        numbers: { updateRatio: 0.05, updateRatioLater: 0.002, fanIn: 16, meanImageShare: 0.31 }
      }
    })
    expect(f.cause!.text).toContain('0.05 at step 0')
    // 0.05 is 5× UPDATE_RATIO_HIGH: one power of ten brings it under; lr 0.1 → 0.01.
    expect(f.fix?.changes).toEqual([{ path: 'training.optimizer.learningRate', value: 0.01 }])
  })

  it('is only possible when the ratio stayed near the rule of thumb', () => {
    const f = first(run(['relu'], dying(0.002)))
    expect(f.cause).toMatchObject({ code: 'learning-rate', confidence: 'possible' })
  })
})

describe('bias-shift', () => {
  const biased = (_s: number, layer: number): ProbeFields =>
    layer < 2
      ? {
          deadFraction: 0.9,
          preMean: -3,
          preVar: 0.25,
          bias: { mean: -3, std: 0, min: -3, max: -3 }
        }
      : {}

  it('names biases that hold the mean pre-activation far below its spread from the start', () => {
    const f = first(run(['relu', 'relu'], biased))
    expect(f.code).toBe('dead-relu')
    expect(f.cause).toMatchObject({
      code: 'bias-shift',
      confidence: 'likely',
      evidence: { layer: 'dense_1', step: 0, numbers: { preMean: -3, preStd: 0.5, biasMean: -3 } }
    })
    // n·Var(w) = 16 · 0.1 from the fixture's weights: the weights are not what is off.
    expect(f.cause!.evidence.numbers.weightGain).toBeCloseTo(1.6, 10)
    expect(f.fix?.changes).toEqual([
      { path: 'model.layers.0.biasInit', value: 0 },
      { path: 'model.layers.1.biasInit', value: 0 }
    ])
  })

  it('blames an offset, not the init, for a collapse whose weights are normal when biases were not recorded', () => {
    // The PyTorch case: hidden biases at -3, biases not recorded. dense_2's input is nearly all
    // zeros, so its pre-activation is the bias: mean -3, variance 1e-4 (1/10,000 of dense_1's).
    const input = run(['relu', 'relu'], (_s, layer) =>
      layer === 1 ? { preMean: -3, preVar: 1e-4 } : layer === 0 ? { preVar: 1 } : {}
    )
    const f = first(input)
    expect(f.code).toBe('variance-collapse')
    expect(f.cause).toMatchObject({
      code: 'bias-shift',
      confidence: 'possible',
      evidence: { layer: 'dense_2', numbers: { preMean: -3, preStd: 0.01 } }
    })
    expect(f.cause!.text).not.toMatch(/He/)
  })

  it('names biases that moved the mean pre-activation during training', () => {
    const drifting = (step: number, layer: number): ProbeFields =>
      layer === 0
        ? {
            deadFraction: step > 0 ? 0.7 : 0,
            preMean: step > 0 ? -2.5 : 0,
            bias: step > 0 ? { mean: -2, std: 0.5, min: -3, max: -1 } : { mean: 0, std: 0, min: 0, max: 0 },
            updateRatio: 0.002
          }
        : {}
    const f = first(run(['relu'], drifting))
    expect(f.cause).toMatchObject({
      code: 'bias-shift',
      evidence: { step: 10, numbers: { preMeanAfter: -2.5, biasMeanAfter: -2 } }
    })
  })
})

describe('init-scale', () => {
  it('names an initializer whose n·Var(w) is far below what ReLU needs, and proposes He', () => {
    const small = { mean: 0, variance: 0.001, norm: 0.25, spread: 0.03 }
    const input = run(['relu', 'relu'], (_s, l) => ({
      preVar: 10 ** -(3 * l),
      weights: small
    }))
    const f = first(input)
    expect(f.code).toBe('variance-collapse')
    // n·Var(w) = 16 · 0.001 = 0.016, 125× below ReLU's 2 (beyond INIT_GAIN_FACTOR).
    expect(f.cause?.code).toBe('init-scale')
    expect(f.cause!.evidence.numbers.weightGain).toBeCloseTo(0.016, 10)
    expect(f.cause!.evidence.numbers.targetGain).toBe(2)
    expect(f.cause!.evidence.numbers.layersOff).toBe(2)
    expect(f.fix?.changes).toEqual([0, 1].map((i) => ({ path: `model.layers.${i}.initializer`, value: 'he-normal' })))
  })
})

describe('input-scale', () => {
  const raw = (share: number, normalize: 'none' | 'standardize'): Partial<DiagnosisInput> => ({
    config: config({ data: { normalize } }),
    summary: {
      status: 'completed',
      divergedAt: null,
      divergedLayer: null,
      dataset: { counts: {}, meanImageShare: share }
    }
  })

  it('names raw pixels whose mean image holds most of E[x²], and proposes standardizing', () => {
    const f = first(run(['relu'], dying(0.05), raw(0.8, 'none')))
    expect(f.cause).toMatchObject({
      code: 'input-scale',
      evidence: { layer: null, numbers: { meanImageShare: 0.8 } }
    })
    expect(f.fix?.changes).toEqual([{ path: 'data.normalize', value: 'standardize' }])
  })

  it('leaves standardized inputs to the step size, with the share as context', () => {
    const f = first(run(['relu'], dying(0.05), raw(0.8, 'standardize')))
    expect(f.cause).toMatchObject({ code: 'learning-rate', evidence: { numbers: { meanImageShare: 0.8 } } })
  })
})

describe('saturating-activation', () => {
  it('names sigmoid layers saturated from the start, and proposes ReLU with He', () => {
    const input = run(['sigmoid', 'sigmoid'], (_s, l) => ({
      saturatedFraction: l === 0 ? 0.9 : 0,
      postMean: 0
    }))
    const f = first(input)
    expect(f.code).toBe('saturation')
    expect(f.cause).toMatchObject({
      code: 'saturating-activation',
      evidence: { layer: 'dense_1', numbers: { saturatedAtStart: 0.9, saturatingLayers: 2 } }
    })
    expect(f.fix?.changes).toEqual([
      { path: 'model.layers.0.activation', value: 'relu' },
      { path: 'model.layers.0.initializer', value: 'he-normal' },
      { path: 'model.layers.1.activation', value: 'relu' },
      { path: 'model.layers.1.initializer', value: 'he-normal' }
    ])
  })

  it('does not blame a sigmoid stack whose units never saturated: zero weights starve the gradient', () => {
    const zeros = { mean: 0, variance: 0, norm: 0, spread: 0 }
    const input = run(['sigmoid', 'sigmoid'], (_s, l) => ({
      gradNorm: l === 0 ? 1e-9 : 1,
      postMean: 0,
      weights: zeros
    }))
    const vanishing = diagnoseRun(input).find((f) => f.code === 'vanishing-gradients')
    expect(vanishing?.cause?.code).toBe('symmetric-init')
  })

  it('names the step size for saturation that grew with large updates', () => {
    const input = run(['tanh'], (step, l) => ({
      saturatedFraction: l === 0 && step > 0 ? 0.9 : 0,
      updateRatio: step === 0 ? 0.2 : 0.01
    }))
    expect(first(input).cause?.code).toBe('learning-rate')
  })
})

describe('divergence', () => {
  const diverged = (fields: (step: number, layer: number) => ProbeFields) =>
    run(
      ['relu', 'relu'],
      fields,
      {
        steps: stepRecords([2, 3, 50, Number.NaN]),
        summary: { status: 'diverged', divergedAt: 3, divergedLayer: 'dense_1' }
      },
      [0, 1, 2, 3]
    )

  it('blames the loss, not a layer, when every recorded statistic stayed finite', () => {
    const f = first(diverged((step) => ({ updateRatio: step === 2 ? 3 : 0.01 })))
    expect(f).toMatchObject({ code: 'divergence', layers: [] })
    expect(f.evidence).toContain('the loss itself overflowed')
    expect(f.cause).toMatchObject({
      code: 'divergence',
      evidence: { layer: null, step: 3, numbers: { lastFiniteLoss: 50, firstLoss: 2, updateRatio: 3 } }
    })
    // Peak ratio 3 is 300× UPDATE_RATIO_HIGH: 10^3 brings it under; lr 0.1 → 1e-4.
    expect(f.fix?.changes).toEqual([{ path: 'training.optimizer.learningRate', value: 1e-4 }])
  })

  it("names the first layer whose activations went non-finite, at that probe's step", () => {
    const f = first(diverged((step, l) => ({ preNonFinite: step === 3 && l === 1 ? 5 : 0 })))
    expect(f).toMatchObject({ code: 'divergence', layers: [1] })
    expect(f.cause).toMatchObject({ evidence: { layer: 'dense_2', step: 3 } })
    expect(f.cause!.text).toMatch(/^Dense_2's activations went non-finite first, at step 3/)
  })
})

describe('every warning and problem', () => {
  it('gets a cause; info findings do not', () => {
    const input = run(['relu', 'relu'], (s, l) => ({
      deadFraction: l === 0 && s > 0 ? 0.3 : 0,
      weights: { mean: 0, variance: 0.1, norm: 2, spread: l === 1 ? 0 : 0.3 }
    }))
    const findings = diagnoseRun(input)
    expect(findings.length).toBeGreaterThan(1)
    for (const f of findings) expect(f.cause !== undefined).toBe(f.severity !== 'info')
    const symmetric = findings.find((f) => f.code === 'symmetric-units')
    expect(symmetric?.cause?.code).toBe('symmetric-init')
    expect(symmetric?.fix?.changes).toEqual([{ path: 'model.layers.1.initializer', value: 'he-normal' }])
  })

  it('keeps thresholds ordered as documented', () => {
    expect(T.UPDATE_RATIO_HIGH).toBe(10 * T.UPDATE_RATIO_RULE_OF_THUMB)
  })
})
