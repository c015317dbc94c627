import { describe, expect, it } from 'vitest'
import {
  diagnoseRun,
  withFindings,
  type DiagnosisInput
} from '../../../../main/runs/diagnosis/diagnose-run'
import * as T from '../../../../main/contract/diagnosis/thresholds'
import type { EpochRecord } from '../../../../main/contract/runs/records'
import { config, layerInfo, probes, stepRecords, type ProbeFields } from '../export/records-fixture'

const STEPS = [0, 10, 20, 30]

function run(
  activations: string[],
  fields: (step: number, layer: number) => ProbeFields,
  extra: Partial<DiagnosisInput> = {}
): DiagnosisInput {
  const layers = [
    ...activations.map((a, i) => layerInfo(`dense_${i + 1}`, a)),
    layerInfo('output', 'softmax', 10)
  ]
  return {
    config: config(),
    layers,
    steps: stepRecords(STEPS.map(() => 1)),
    probes: probes(STEPS, layers.length, fields),
    epochs: [],
    summary: { status: 'completed', divergedAt: null, divergedLayer: null },
    ...extra
  }
}

const codes = (input: DiagnosisInput) => diagnoseRun(input).map((f) => f.code)

describe('diagnoseRun on a healthy run', () => {
  it('finds nothing when every measure sits inside its thresholds', () => {
    expect(diagnoseRun(run(['relu', 'relu', 'relu'], () => ({ deadFraction: 0.05 })))).toEqual([])
  })
})

describe('dead ReLU units', () => {
  const dying = (step: number, layer: number): ProbeFields => ({
    deadFraction: layer === 1 ? step / 50 : 0
  })

  it('reports the layer, the step range above threshold and the numbers', () => {
    const [f] = diagnoseRun(run(['relu', 'relu'], dying))
    expect(f).toMatchObject({
      code: 'dead-relu',
      severity: 'problem',
      layers: [1],
      steps: [20, 30]
    })
    expect(f!.evidence).toContain('dense_2 60%')
    expect(f!.suggestion).toMatch(/leaky ReLU/i)
    expect(f!.suggestion).toMatch(/learning rate/)
  })

  it('is a warning between the warning and problem thresholds', () => {
    const mid = (T.DEAD_FRACTION_WARNING + T.DEAD_FRACTION_PROBLEM) / 2
    const input = run(['relu'], (step) => ({ deadFraction: step === 0 ? 0 : mid }))
    expect(diagnoseRun(input)[0]!.severity).toBe('warning')
  })

  it('does not count units that were already silent at the first probe as dying', () => {
    const below = T.DEAD_FRACTION_PROBLEM - 0.05
    expect(codes(run(['relu'], () => ({ deadFraction: below })))).toEqual([])
    expect(codes(run(['relu'], (step) => ({ deadFraction: step === 0 ? 0 : below })))).toEqual([
      'dead-relu'
    ])
  })

  const census = (dead: number[], examples = 1000) => ({
    examples,
    splitExamples: 1000,
    ms: 5,
    layers: [{ layer: 0, dead }]
  })
  const epoch = (step: number, dead: number[]): EpochRecord => ({
    epoch: 0,
    step,
    trainLoss: 1,
    trainAcc: 0.5,
    valLoss: 1,
    valAcc: 0.5,
    seconds: 1,
    census: census(dead)
  })
  /** 3 of the 4 units silent on every probe from step 10 on. */
  const probeSilent = (step: number): ProbeFields => ({ deadFraction: step === 0 ? 0 : 0.75 })

  it('counts dead units by the census on the training split when the run has one', () => {
    const input = run(['relu'], probeSilent, { epochs: [epoch(30, [1])] })
    // One of 4 units (25%) never fired on the training split, and none died since step 30's
    // census is the only one: below the problem threshold, with no growth to measure.
    expect(codes(input)).toEqual([])
    const [f] = diagnoseRun(run(['relu'], probeSilent, { epochs: [epoch(30, [0, 1, 3])] }))
    expect(f).toMatchObject({ code: 'dead-relu', severity: 'problem', steps: [30, 30] })
    expect(f!.evidence).toMatch(/^Dead ReLU units \(output 0 on every one of the 1,000 training/)
    expect(f!.evidence).toContain('dense_1 75%')
  })

  it('measures dying from the census before training (on the step-0 probe) to the last one', () => {
    const input = run(['relu'], probeSilent, { epochs: [epoch(30, [0, 2])] })
    input.probes = input.probes.map((p) => (p.step === 0 ? { ...p, census: census([]) } : p))
    // 0% → 50% on the training split: a problem, measured over the two checks.
    const [f] = diagnoseRun(input)
    expect(f).toMatchObject({ code: 'dead-relu', steps: [30, 30] })
    expect(f!.evidence).toContain('at step 0 the same layers had 0%')
  })

  it('says a run without the census counted units inactive on the probe batch only', () => {
    const [f] = diagnoseRun(run(['relu'], probeSilent))
    expect(f!.evidence).toMatch(/^ReLU units inactive on the probe batch/)
    expect(f!.evidence).toContain('no check on the whole training split')
  })

  it('ignores leaky ReLU layers, which cannot die', () => {
    expect(codes(run(['leaky-relu'], () => ({ deadFraction: 0.9 })))).toEqual([])
  })
})

describe('saturation and centring', () => {
  it('flags sigmoid layers whose mean saturated fraction crosses the threshold', () => {
    const [f] = diagnoseRun(
      run(['sigmoid', 'sigmoid'], (_s, l) => ({
        saturatedFraction: l === 0 ? 0.7 : 0,
        postMean: 0
      }))
    )
    expect(f).toMatchObject({ code: 'saturation', severity: 'problem', layers: [0] })
  })

  it('flags sigmoid outputs averaging 0.5 as not zero-centred, but not tanh outputs near 0', () => {
    expect(codes(run(['sigmoid'], () => ({ postMean: 0.5 })))).toEqual(['not-zero-centred'])
    expect(codes(run(['tanh'], () => ({ postMean: 0.02 })))).toEqual([])
  })
})

describe('depth', () => {
  it('reports vanishing gradients from the first/last ratio of RMS gradient per weight', () => {
    const input = run(['sigmoid', 'sigmoid'], (_s, l) => ({
      gradNorm: l === 0 ? 1e-5 : 1,
      postMean: 0
    }))
    const [f] = diagnoseRun(input)
    expect(f).toMatchObject({ code: 'vanishing-gradients', layers: [0, 2], steps: [0, 30] })
    // Norm ratio 1e-5; per weight: hidden kernels hold 16×4 weights, the output's 16×10.
    expect(f!.evidence).toContain(`${(1e-5 * Math.sqrt(160 / 64)).toExponential(2)} times`)
  })

  it('reports exploding gradients above the upper ratio', () => {
    expect(codes(run(['relu', 'relu'], (_s, l) => ({ gradNorm: l === 0 ? 500 : 1 })))).toEqual([
      'exploding-gradients'
    ])
  })

  it('reports variance collapse at init with measured and predicted values side by side', () => {
    const collapsing = run(['relu', 'relu', 'relu'], (_s, l) => ({
      preVar: 10 ** -(2 * l),
      predictedPreVar: 1.1 * 10 ** -(2 * l)
    }))
    const small = 'random-normal(0, 0.03)'
    const input = {
      ...collapsing,
      layers: collapsing.layers.map((l) => ({ ...l, initializer: small }))
    }
    const [f] = diagnoseRun(input)
    expect(f).toMatchObject({ code: 'variance-collapse', layers: [0, 1, 2], steps: [0, 0] })
    expect(f!.evidence).toContain('1.00e-4')
    expect(f!.evidence).toContain('1.10e-4')
    expect(f!.suggestion).toMatch(/He/)
  })

  it('reports variance explosion and suggests Xavier for tanh', () => {
    const [f] = diagnoseRun(
      run(['tanh', 'tanh'], (_s, l) => ({ preVar: 10 ** (3 * l), postMean: 0 }))
    )
    expect(f!.code).toBe('variance-explosion')
    expect(f!.suggestion).toMatch(/Xavier/)
  })

  it('does not judge variance with depth when there is a single hidden layer', () => {
    expect(codes(run(['relu'], () => ({ preVar: 1e-9 })))).toEqual([])
  })
})

describe('symmetric units', () => {
  it('reports layers whose weight spread is exactly 0', () => {
    const zero = { mean: 0.01, variance: 0, norm: 0.1, spread: 0 }
    const [f] = diagnoseRun(run(['relu', 'relu'], (_s, l) => (l < 2 ? { weights: zero } : {})))
    expect(f).toMatchObject({
      code: 'symmetric-units',
      severity: 'problem',
      layers: [0, 1],
      steps: [0, 30]
    })
  })
})

describe('outcomes', () => {
  const epoch = (
    epoch: number,
    trainAcc: number,
    valAcc: number,
    trainLoss: number,
    valLoss: number
  ): EpochRecord => ({ epoch, step: epoch * 10, trainAcc, valAcc, trainLoss, valLoss, seconds: 1 })

  it('reports overfitting with the train/validation gap and suggests dropout and augmentation', () => {
    const epochs = [
      epoch(1, 0.6, 0.55, 1.2, 1.3),
      epoch(2, 0.9, 0.7, 0.4, 0.9),
      epoch(3, 0.99, 0.7, 0.1, 1.4)
    ]
    const [f] = diagnoseRun(run(['relu'], () => ({}), { epochs }))
    expect(f).toMatchObject({ code: 'overfitting', steps: [20, 30] })
    expect(f!.evidence).toContain('99%')
    expect(f!.suggestion).toMatch(/dropout/i)
    expect(f!.suggestion).toMatch(/augmentation/)
  })

  const sized = (train: number, val: number): DiagnosisInput['summary'] => ({
    status: 'completed',
    divergedAt: null,
    divergedLayer: null,
    dataset: { counts: { train: { a: train }, val: { a: val } } }
  })

  it('weighs the accuracy gap against its binomial noise on the validation set', () => {
    // 75% vs 53%: a 22-point gap. On 113 validation images one standard error of the gap is
    // sqrt(.75·.25/450 + .53·.47/113) = 0.051, so the gap's low end (0.22 - 2·0.051) is below 0.15.
    const epochs = [epoch(0, 0.33, 0.46, 1.7, 2.7), epoch(1, 0.75, 0.53, 0.76, 2.1)]
    expect(codes(run(['relu'], () => ({}), { epochs, summary: sized(450, 113) }))).toEqual([])
    // The same gap on 10,000 validation images is far outside the noise.
    const many = run(['relu'], () => ({}), { epochs, summary: sized(40_000, 10_000) })
    const [f] = diagnoseRun(many)
    expect(f!.code).toBe('overfitting')
    expect(f!.evidence).toContain('10000 validation images')
  })

  it('needs the validation loss to stay above its best for two epochs, not one', () => {
    const blip = [
      epoch(0, 0.6, 0.6, 1.2, 1.0),
      epoch(1, 0.7, 0.65, 0.9, 0.8),
      epoch(2, 0.75, 0.66, 0.8, 1.1)
    ]
    expect(codes(run(['relu'], () => ({}), { epochs: blip }))).toEqual([])
    const rising = [...blip, epoch(3, 0.78, 0.66, 0.7, 1.2)]
    expect(codes(run(['relu'], () => ({}), { epochs: rising }))).toEqual(['overfitting'])
  })

  it('reports divergence at the first non-finite loss, naming the layer whose numbers went non-finite', () => {
    const input = run(['relu'], (_step, layer) => ({ preNonFinite: layer === 0 ? 3 : 0 }), {
      steps: stepRecords([2, 3, 50, Number.NaN]),
      summary: { status: 'diverged', divergedAt: 3, divergedLayer: 'dense_1' }
    })
    const [f] = diagnoseRun(input)
    expect(f).toMatchObject({ code: 'divergence', severity: 'problem', layers: [0], steps: [2, 3] })
    expect(f!.suggestion).toMatch(/learning rate/)
  })

  it('never names a layer whose recorded statistics stayed finite, whatever the summary says', () => {
    const input = run(['relu'], () => ({}), {
      steps: stepRecords([2, 3, 50, Number.NaN]),
      summary: { status: 'diverged', divergedAt: 3, divergedLayer: 'output' }
    })
    const [f] = diagnoseRun(input)
    expect(f).toMatchObject({ code: 'divergence', layers: [] })
    expect(f!.evidence).not.toContain('output')
  })

  it('orders problems before warnings and attaches findings without mutating the summary', () => {
    const input = run(['relu', 'relu'], (s, l) => ({
      deadFraction: l === 0 && s > 0 ? 0.3 : 0,
      gradNorm: l === 0 ? 1e-6 : 1
    }))
    const severities = diagnoseRun(input).map((f) => f.severity)
    expect(severities).toEqual(['problem', 'warning'])
    const summary = {
      status: 'completed',
      divergedAt: null,
      divergedLayer: null,
      findings: []
    } as never
    const next = withFindings(summary, input)
    expect(next.findings).toHaveLength(2)
    expect((summary as { findings: unknown[] }).findings).toHaveLength(0)
  })
})
