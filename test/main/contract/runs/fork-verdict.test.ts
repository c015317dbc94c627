import { describe, expect, it } from 'vitest'
import {
  affectedLayer,
  forkVerdict,
  type VerdictRun
} from '../../../../main/contract/runs/fork-verdict'
import type { Finding, LayerSnapshot } from '../../../../main/contract/runs/summary'

const snapshot = (dead: number, saturated: number): LayerSnapshot => ({
  preVar: 1,
  predictedPreVar: 1,
  postMean: 0,
  postVar: 1,
  weightVar: 1,
  weightSpread: 1,
  deadFraction: dead,
  saturatedFraction: saturated,
  gradNorm: 1
})
const run = (
  valAcc: number | null,
  trainAcc: number | null,
  dense1: LayerSnapshot | null,
  over: Partial<VerdictRun> = {}
): VerdictRun => ({
  status: 'completed',
  divergedAt: null,
  final: { trainLoss: 1, trainAcc, valLoss: 1, valAcc },
  layers: [
    {
      name: 'dense_1',
      kind: 'dense',
      activation: 'relu',
      initializer: 'he-normal',
      fanIn: 784,
      units: 128,
      atInit: null,
      final: dense1
    }
  ],
  ...over
})
const finding = (code: string, layers: number[], causeLayer?: string): Finding => ({
  code,
  severity: 'problem',
  layers,
  steps: null,
  evidence: '',
  suggestion: '',
  ...(causeLayer
    ? {
        cause: {
          code: 'learning-rate',
          confidence: 'likely',
          text: '',
          evidence: { layer: causeLayer, step: 10, numbers: {} }
        }
      }
    : {})
})

describe('the verdict of a fork', () => {
  it("states the affected layer's dead fraction and validation accuracy before → after", () => {
    // 77 of 128 units dead → 15 of 128: 60.2% and 11.7%, rounded to whole percents from 10% up.
    const verdict = forkVerdict(
      run(0.9412, 0.95, snapshot(77 / 128, 0)),
      run(0.9349, 0.96, snapshot(15 / 128, 0)),
      { name: 'dense_1', measure: 'dead' }
    )
    expect(verdict).toBe('dense_1 dead 60% → 12%; validation accuracy 0.94 → 0.93')
  })

  it('shows small fractions with their first digit, and saturation for saturation findings', () => {
    expect(
      forkVerdict(run(0.5, null, snapshot(0, 0.25)), run(0.6, null, snapshot(0, 0.004)), {
        name: 'dense_1',
        measure: 'saturated'
      })
    ).toBe('dense_1 saturated 25% → 0.4%; validation accuracy 0.50 → 0.60')
    expect(
      forkVerdict(run(0.5, null, snapshot(0.034, 0)), run(0.6, null, snapshot(0, 0)), {
        name: 'dense_1',
        measure: 'dead'
      })
    ).toBe('dense_1 dead 3.4% → 0%; validation accuracy 0.50 → 0.60')
  })

  it('falls back to training accuracy without a validation figure, and leaves out a layer a run did not measure', () => {
    expect(
      forkVerdict(run(null, 0.7, null), run(null, 0.8, snapshot(0, 0)), {
        name: 'dense_1',
        measure: 'dead'
      })
    ).toBe('training accuracy 0.70 → 0.80')
  })

  it('says how a fork that did not complete ended', () => {
    const diverged = run(null, null, null, { status: 'diverged', divergedAt: 12 })
    expect(forkVerdict(run(0.9, 0.9, null), diverged, null)).toBe(
      'training accuracy 0.90 → —; the fork diverged at step 12'
    )
    const stopped = run(0.8, 0.8, null, { status: 'stopped' })
    expect(forkVerdict(run(0.9, 0.9, null), stopped, null)).toBe(
      'validation accuracy 0.90 → 0.80; the fork stopped'
    )
  })

  it("takes the layer from the finding's cause, else its first listed layer", () => {
    const layers = [{ name: 'dense_1' }, { name: 'dense_2' }]
    expect(affectedLayer(finding('dead-relu', [1]), layers)).toEqual({
      name: 'dense_2',
      measure: 'dead'
    })
    expect(affectedLayer(finding('saturation', [1], 'dense_1'), layers)).toEqual({
      name: 'dense_1',
      measure: 'saturated'
    })
    expect(affectedLayer(finding('overfitting', []), layers)).toBeNull()
    expect(affectedLayer(null, layers)).toBeNull()
  })
})
