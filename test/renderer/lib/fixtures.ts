/**
 * Builders of trainer events for the renderer's pure-module tests: plain records shaped exactly
 * like records.ts, with per-unit arrays of a chosen size and state.
 */
import type { RunConfig } from '../../../main/contract/config/schema'
import { parseRunConfig } from '../../../main/contract/config/validate'
import type { TrainEvent } from '../../../main/contract/trainer-protocol'
import type {
  LayerProbe,
  ProbeRecord,
  TensorStats,
  UnitState
} from '../../../main/contract/runs/records'

export function config(
  overrides: { maxSteps?: number; epochs?: number; batchSize?: number } = {}
): RunConfig {
  const parsed = parseRunConfig({
    model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
    training: { optimizer: { type: 'sgd', learningRate: 0.1 }, ...overrides }
  })
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.value
}

export function tensorStats(variance: number, counts: number[] = [1, 2, 3, 2, 1]): TensorStats {
  return {
    mean: 0,
    variance,
    meanSquare: variance,
    min: -1,
    max: 1,
    nonFinite: 0,
    count: counts.reduce((a, b) => a + b, 0),
    histogram: { lo: -1, hi: 1, counts, underflow: 0, overflow: 0 }
  }
}

export function layerProbe(
  layer: number,
  states: UnitState[],
  meanActivation?: number[]
): LayerProbe {
  const dead = states.filter((s) => s === 1).length
  return {
    layer,
    pre: tensorStats(1),
    preNorm: null,
    post: tensorStats(0.5),
    units: {
      meanActivation: meanActivation ?? states.map((_, i) => i / 10),
      activeFraction: states.map((s) => (s === 1 ? 0 : 1)),
      state: states
    },
    deadFraction: dead / states.length,
    saturatedFraction: 0,
    stuckNegativeFraction: 0,
    predictedPreVar: 1,
    weights: { mean: 0, variance: 0.1, norm: 1, spread: 0.1 },
    gradNorm: 0.5,
    updateRatio: 0.001,
    batchNorm: null,
    dropoutKept: null
  }
}

export function probe(step: number, layers: LayerProbe[]): ProbeRecord {
  return { step, epoch: 0, layers }
}

export function stepEvent(step: number, loss = 1): TrainEvent {
  return { type: 'step', record: { step, epoch: 0, loss, acc: 0.5, lr: 0.1, ms: 3 } }
}
