/**
 * Cause `learning-rate`: the steps were too large for the layer. Measured: the layer's update
 * ratio ‖ΔW‖/‖W‖ at the probes up to the finding's onset, against the ~1e-3 rule of thumb, with
 * the layer's fan-in and the inputs' mean-image share as context (many correlated inputs make
 * a step's weight changes add up in every example's pre-activation). The fix divides the
 * learning rate by the power of ten that brings the peak ratio down to UPDATE_RATIO_HIGH. Pure.
 */
import type { FindingFix } from '../../../contract/runs/summary'
import { learningRate, num, type DiagnosisInput } from '../../../contract/diagnosis/diagnosis-input'
import {
  MAX_LR_DIVISOR_POWER,
  UPDATE_RATIO_HIGH,
  UPDATE_RATIO_RULE_OF_THUMB
} from '../../../contract/diagnosis/thresholds'
import {
  candidate,
  findingLayers,
  laterUpdateRatio,
  onsetStep,
  peakUpdateRatio,
  type Candidate,
  type CauseRule
} from './cause-input'

/**
 * The learning rate that brings a peak update ratio `peak` to at most UPDATE_RATIO_HIGH:
 * `lr` divided by 10^k, k ≥ 1 the smallest such power (the ratio scales with the rate) but at
 * most MAX_LR_DIVISOR_POWER (a ratio measured as things blew up says little), rounded to 2
 * significant digits. Pure.
 */
export function loweredLearningRate(lr: number, peak: number): number {
  const needed = Math.ceil(Math.log10(peak / UPDATE_RATIO_HIGH))
  const k = Number.isFinite(needed) ? Math.min(MAX_LR_DIVISOR_POWER, Math.max(1, needed)) : 1
  return Number((lr / 10 ** k).toPrecision(2))
}

/** The learning-rate fix for a peak update ratio `peak` (NaN: unknown, divide by 10). */
export function learningRateFix(input: DiagnosisInput, peak: number): FindingFix {
  const lr = learningRate(input.config)
  const lowered = loweredLearningRate(lr, peak)
  return {
    changes: [{ path: 'training.optimizer.learningRate', value: lowered }],
    why:
      `A learning rate of ${num(lowered)} instead of ${num(lr)} scales every step by ` +
      `${num(lowered / lr)}` +
      (Number.isFinite(peak)
        ? `, bringing the update ratio from ${num(peak)} to about ${num((peak * lowered) / lr)}.`
        : '.')
  }
}

/** The finding's layer with the largest peak update ratio before the onset, with its numbers. */
export function steepestLayer(
  input: DiagnosisInput,
  layers: readonly number[],
  onset: number
): { layer: number; ratio: number; step: number } | null {
  let best: { layer: number; ratio: number; step: number } | null = null
  for (const layer of layers) {
    const peak = peakUpdateRatio(input, layer, onset)
    if (peak && (best === null || peak.ratio > best.ratio)) best = { layer, ...peak }
  }
  return best
}

/** `learning-rate` when the peak update ratio before the onset is at least UPDATE_RATIO_HIGH. */
export const learningRateCause: CauseRule = (input, finding) => {
  const found = steepest(input, finding)
  return found && found.ratio >= UPDATE_RATIO_HIGH ? describe(input, finding, found, 'likely') : null
}

/** `learning-rate` as the fallback for a finding that grew during training: always a candidate. */
export const learningRatePossible: CauseRule = (input, finding) => {
  const found = steepest(input, finding)
  return found ? describe(input, finding, found, 'possible') : null
}

function steepest(input: DiagnosisInput, finding: Parameters<CauseRule>[1]) {
  const layers = findingLayers(input, finding)
  return steepestLayer(input, layers.length > 0 ? layers : [0], onsetStep(input, finding))
}

function describe(
  input: DiagnosisInput,
  finding: Parameters<CauseRule>[1],
  found: { layer: number; ratio: number; step: number },
  confidence: 'likely' | 'possible'
): Candidate {
  const info = input.layers[found.layer]
  const name = info?.name ?? `layer ${found.layer}`
  const fanIn = info?.fanIn ?? Number.NaN
  const share = input.summary.dataset?.meanImageShare ?? Number.NaN
  const later = laterUpdateRatio(input, found.layer, onsetStep(input, finding))
  const lr = learningRate(input.config)
  return candidate(
    'learning-rate',
    confidence,
    `Steps too large for ${name}: its update/weight ratio reached ${num(found.ratio)} at step ` +
      `${found.step} (rule of thumb ~${num(UPDATE_RATIO_RULE_OF_THUMB)}) at learning rate ${num(lr)}, ` +
      `with ${num(fanIn)} inputs per unit` +
      (Number.isFinite(share) ? ` and ${Math.round(share * 100)}% of E[x²] in the mean image.` : '.'),
    {
      layer: name,
      step: found.step,
      numbers: {
        updateRatio: found.ratio,
        updateRatioLater: later,
        ruleOfThumb: UPDATE_RATIO_RULE_OF_THUMB,
        learningRate: lr,
        fanIn,
        meanImageShare: share
      }
    },
    learningRateFix(input, found.ratio)
  )
}
