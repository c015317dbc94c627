/**
 * Hand-built run records for pure tests of the findings engine and the writers: a probe factory
 * whose every number is given by the test, so each rule is checked on inputs that say exactly
 * what they contain. (End-to-end tests use real runs from the CLI instead.)
 */
import { parseRunConfig } from '../../../../main/contract/config/validate'
import type { RunConfig } from '../../../../main/contract/config/schema'
import type {
  LayerInfo,
  LayerProbe,
  ProbeRecord,
  StepRecord,
  TensorStats
} from '../../../../main/contract/runs/records'

export function config(overrides: Record<string, unknown> = {}): RunConfig {
  const parsed = parseRunConfig({
    name: 'fixture',
    model: {
      inputShape: [8, 8, 1],
      layers: [
        { type: 'dense', units: 4 },
        { type: 'dense', units: 4 }
      ]
    },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 } },
    ...overrides
  })
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}

export function layerInfo(
  name: string,
  activation: string,
  units = 4,
  initializer = 'he-normal'
): LayerInfo {
  return {
    name,
    kind: 'dense',
    activation,
    initializer,
    batchNorm: false,
    dropout: 0,
    fanIn: 16,
    units,
    outputShape: [units]
  }
}

export function stats(mean: number, variance: number): TensorStats {
  return {
    mean,
    variance,
    meanSquare: variance + mean * mean,
    min: mean - 3 * Math.sqrt(variance),
    max: mean + 3 * Math.sqrt(variance),
    nonFinite: 0,
    count: 64,
    histogram: { lo: -6, hi: 6, counts: [0, 32, 32, 0], underflow: 0, overflow: 0 }
  }
}

export type ProbeFields = Partial<Omit<LayerProbe, 'pre' | 'post'>> & {
  preVar?: number
  preMean?: number
  /** Non-finite values among the pre-activations. */
  preNonFinite?: number
  postMean?: number
}

export function layerProbe(layer: number, f: ProbeFields = {}): LayerProbe {
  return {
    layer,
    pre: { ...stats(f.preMean ?? 0, f.preVar ?? 1), nonFinite: f.preNonFinite ?? 0 },
    preNorm: null,
    post: stats(f.postMean ?? 0.1, 0.5),
    units: {
      meanActivation: [0.1, 0.2, 0, 0.3],
      activeFraction: [1, 1, 0, 1],
      state: [0, 0, 1, 0]
    },
    deadFraction: f.deadFraction ?? 0,
    saturatedFraction: f.saturatedFraction ?? 0,
    stuckNegativeFraction: 0,
    predictedPreVar: f.predictedPreVar ?? f.preVar ?? 1,
    weights: f.weights ?? { mean: 0, variance: 0.1, norm: 2, spread: 0.3 },
    gradNorm: f.gradNorm ?? 1,
    updateRatio: f.updateRatio ?? 0.001,
    ...(f.bias !== undefined ? { bias: f.bias } : {}),
    batchNorm: null,
    dropoutKept: f.dropoutKept ?? null
  }
}

/** Probes at the given steps; `fields(step, layer)` sets each layer's numbers. */
export function probes(
  steps: number[],
  layerCount: number,
  fields: (step: number, layer: number) => ProbeFields
): ProbeRecord[] {
  return steps.map((step) => ({
    step,
    epoch: 0,
    layers: Array.from({ length: layerCount }, (_, i) => layerProbe(i, fields(step, i)))
  }))
}

export function stepRecords(losses: number[]): StepRecord[] {
  return losses.map((loss, step) => ({ step, epoch: 0, loss, acc: 0.5, lr: 0.1, ms: 10 }))
}
