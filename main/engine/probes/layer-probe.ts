/**
 * Turns what a probe captured (test-mode pass on the probe batch: activation statistics reduced
 * on the backend, capture.ts) and what its training step measured (gradients, update, batch
 * moments, dropout) into LayerProbe records, with the weight statistics of main/stats. Also finds the first layer whose statistics went non-finite.
 */
import type { LayerProbe } from '../../contract/runs/records'
import { predictedPreVariance } from '../../contract/stats/theory'
import { weightStats } from '../../stats/weights'
import { biasStats } from '../../stats/bias'
import type { WeightedPlan } from '../../contract/model/plan'
import type { StepExtras } from './step-extras'
import type { CapturedLayer } from './capture'

/** LayerProbe of every weighted layer. `extras` null gives NaN gradient fields. Pure. */
export function layerProbes(
  plans: readonly WeightedPlan[],
  captured: readonly CapturedLayer[],
  extras: StepExtras | null
): LayerProbe[] {
  return plans.map((plan, i) => {
    const layer = captured[i]
    if (layer === undefined) throw new Error(`Layer ${i} ("${plan.name}") was not captured.`)
    return layerProbe(i, plan, layer, extras)
  })
}

function layerProbe(
  index: number,
  plan: WeightedPlan,
  c: CapturedLayer,
  extras: StepExtras | null
): LayerProbe {
  const units = c.units
  const weights = weightStats(c.kernel, plan.units)
  const batchMean = extras?.batchMean[index] ?? null
  const batchVar = extras?.batchVar[index] ?? null
  return {
    layer: index,
    pre: c.pre,
    preNorm: c.preNorm,
    post: c.post,
    units: units.units,
    deadFraction: units.deadFraction,
    saturatedFraction: units.saturatedFraction,
    stuckNegativeFraction: units.stuckNegativeFraction,
    inactiveFraction: units.inactiveFraction,
    predictedPreVar: predictedPreVariance(plan.fanIn, weights.variance, c.inputMeanSquare),
    weights,
    gradNorm: extras ? (extras.gradNorm[index] ?? NaN) : NaN,
    updateRatio: extras ? (extras.updateRatio[index] ?? NaN) : NaN,
    bias: c.bias ? biasStats(c.bias) : null,
    batchNorm:
      c.movingMean && c.movingVar
        ? {
            batchMean: batchMean ? Array.from(batchMean) : [],
            batchVar: batchVar ? Array.from(batchVar) : [],
            movingMean: Array.from(c.movingMean),
            movingVar: Array.from(c.movingVar)
          }
        : null,
    dropoutKept: plan.dropout > 0 ? (extras?.dropoutKept[index] ?? null) : null
  }
}

/**
 * Index of the first layer, in forward order, whose probe statistics (pre, preNorm, post,
 * weights) hold a non-finite value, or -1 when every one is finite. Gradients are not looked
 * at: a non-finite loss makes every layer's gradient non-finite, which would always blame the
 * first layer. Pure.
 */
export function firstNonFiniteLayer(probes: readonly LayerProbe[]): number {
  return probes.findIndex(
    (p) =>
      p.pre.nonFinite > 0 ||
      (p.preNorm?.nonFinite ?? 0) > 0 ||
      p.post.nonFinite > 0 ||
      !Number.isFinite(p.weights.norm)
  )
}
