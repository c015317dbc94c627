/**
 * Cause `divergence`: the first quantity that stopped being a number, in the order training
 * computes them (a layer's activations or weights, in forward order, then its gradients, then
 * the loss), and the step. Only a layer whose recorded numbers were non-finite is ever named:
 * when every probe statistic was finite, the loss itself overflowed. The update ratio before it
 * says how large the steps were; the fix lowers the learning rate to bring it down. Pure.
 */
import type { LayerInfo, ProbeRecord } from '../../../contract/runs/records'
import {
  learningRate,
  num,
  type DiagnosisInput
} from '../../../contract/diagnosis/diagnosis-input'
import { UPDATE_RATIO_RULE_OF_THUMB } from '../../../contract/diagnosis/thresholds'
import { candidate, type CauseRule } from './cause-input'
import { learningRateFix, steepestLayer } from './learning-rate'

/** What went non-finite first, where and when. */
export interface FirstNonFinite {
  what: 'activations' | 'weights' | 'gradients' | 'loss'
  /** Index of the layer, or -1 for the loss. */
  layer: number
  step: number
}

/** The step at which the loss became non-finite (the summary's, else the first such step), or null. */
export function divergenceStep(input: DiagnosisInput): number | null {
  if (input.summary.divergedAt !== null) return input.summary.divergedAt
  const bad = input.steps.find((s) => !Number.isFinite(s.loss))
  if (bad) return bad.step
  return input.summary.status === 'diverged' ? (input.steps.at(-1)?.step ?? 0) : null
}

/** The first non-finite layer quantity of `probe`, in forward order, or null. */
function inProbe(
  probe: ProbeRecord,
  layers: readonly LayerInfo[],
  lossFinite: boolean
): FirstNonFinite | null {
  for (let i = 0; i < Math.min(layers.length, probe.layers.length); i++) {
    const p = probe.layers[i]!
    if (p.pre.nonFinite > 0 || (p.preNorm?.nonFinite ?? 0) > 0 || p.post.nonFinite > 0)
      return { what: 'activations', layer: i, step: probe.step }
    if (!Number.isFinite(p.weights.norm)) return { what: 'weights', layer: i, step: probe.step }
  }
  // With a non-finite loss every gradient is non-finite, which would always blame the first layer.
  if (!lossFinite) return null
  const g = probe.layers.findIndex((p) => !Number.isFinite(p.gradNorm))
  return g >= 0 ? { what: 'gradients', layer: g, step: probe.step } : null
}

/** The first non-finite quantity of a diverged run (null when it did not diverge). */
export function firstNonFinite(input: DiagnosisInput): FirstNonFinite | null {
  const at = divergenceStep(input)
  if (at === null) return null
  const lossAt = new Map(input.steps.map((s) => [s.step, s.loss]))
  for (const probe of input.probes) {
    if (probe.step > at) break
    const found = inProbe(probe, input.layers, Number.isFinite(lossAt.get(probe.step) ?? 0))
    if (found) return found
  }
  return { what: 'loss', layer: -1, step: at }
}

/** `divergence`, naming the first non-finite quantity, with the step size before it. */
export const divergenceCause: CauseRule = (input) => {
  const first = firstNonFinite(input)
  if (!first) return null
  const lastGood = input.steps.filter((s) => s.step < first.step && Number.isFinite(s.loss)).at(-1)
  const firstLoss = input.steps.find((s) => Number.isFinite(s.loss))?.loss ?? Number.NaN
  const all = input.layers.map((_, i) => i)
  // Probes before the divergence step: the one at it measured a step that was already lost.
  const steep = steepestLayer(input, all, first.step - 1)
  const name = first.layer >= 0 ? (input.layers[first.layer]?.name ?? null) : null
  const where = name === null ? 'the loss' : `${name}'s ${first.what}`
  return candidate(
    'divergence',
    'likely',
    `${where.charAt(0).toUpperCase()}${where.slice(1)} went non-finite first, at step ${first.step}` +
      (lastGood ? ` (last finite loss ${num(lastGood.loss)}, from ${num(firstLoss)} at the start)` : '') +
      (steep
        ? `; the largest update/weight ratio before it was ${num(steep.ratio)} in ` +
          `${input.layers[steep.layer]?.name ?? ''} at step ${steep.step} (rule of thumb ` +
          `~${num(UPDATE_RATIO_RULE_OF_THUMB)}) at learning rate ${num(learningRate(input.config))}.`
        : '.'),
    {
      layer: name,
      step: first.step,
      numbers: {
        lastFiniteLoss: lastGood?.loss ?? Number.NaN,
        firstLoss,
        updateRatio: steep?.ratio ?? Number.NaN,
        learningRate: learningRate(input.config)
      }
    },
    learningRateFix(input, steep?.ratio ?? Number.NaN)
  )
}
