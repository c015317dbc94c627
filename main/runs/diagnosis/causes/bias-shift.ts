/**
 * Cause `bias-shift`: the biases, not the weights, put a layer's pre-activations on one side
 * of the activation for every example. The per-layer mean pre-activation is exactly the bias
 * mean plus the weights' part (Σ_i w_i E[x_i], averaged over units), so the recorded bias mean
 * (LayerProbe.bias) says which of the two moved it: at the first probe (a bias initialized far
 * from 0) or since then (biases that drifted). A run without recorded biases (older runs, a
 * probe that does not record them) still shows a mean pre-activation far outside its spread
 * while the weights' n·Var(w) is normal: then the bias is the possible cause, not the init. Pure.
 */
import type { LayerProbe } from '../../../contract/runs/records'
import { num, type DiagnosisInput } from '../../../contract/diagnosis/diagnosis-input'
import {
  BIAS_SHARE,
  INIT_GAIN_FACTOR,
  PRE_MEAN_DOMINANCE
} from '../../../contract/diagnosis/thresholds'
import {
  at,
  candidate,
  findingLayers,
  gainAt,
  layerChange,
  onsetStep,
  peakUpdateRatio,
  targetGain,
  type Candidate,
  type CauseRule
} from './cause-input'
import { learningRateFix } from './learning-rate'

const spread = (p: LayerProbe) => Math.sqrt(p.pre.variance)
/** How many standard deviations the mean pre-activation sits from 0. */
const dominance = (p: LayerProbe) => Math.abs(p.pre.mean) / spread(p)

/** True when `part` carries at least BIAS_SHARE of `whole`, with the same sign. */
function carries(part: number, whole: number): boolean {
  return whole !== 0 && part / whole >= BIAS_SHARE
}

/** `bias-shift` at the first probe, else since it; the first (shallowest) layer that shows it. */
export const biasShiftCause: CauseRule = (input, finding) => {
  for (const layer of findingLayers(input, finding)) {
    const found = atInit(input, layer) ?? drifted(input, layer, onsetStep(input, finding))
    if (found) return found
  }
  return null
}

/** The layer's pre-activation mean at the first probe dominated by its bias (or, unrecorded, not by the weights). */
function atInit(input: DiagnosisInput, layer: number): Candidate | null {
  const first = input.probes[0]
  const p = at(first, layer)
  const info = input.layers[layer]
  if (!first || !p || !info || info.batchNorm || !(dominance(p) >= PRE_MEAN_DOMINANCE)) return null
  const bias = p.bias?.mean
  const gain = gainAt(info, p)
  const weightsNormal =
    gain >= targetGain(info.activation) / INIT_GAIN_FACTOR &&
    gain <= targetGain(info.activation) * INIT_GAIN_FACTOR
  if (bias === undefined ? !weightsNormal : !carries(bias, p.pre.mean)) return null
  const numbers = {
    preMean: p.pre.mean,
    preStd: spread(p),
    biasMean: bias ?? Number.NaN,
    weightGain: gain
  }
  const text =
    bias === undefined
      ? `${info.name}'s mean pre-activation is ${num(p.pre.mean)} against a spread of ${num(spread(p))} ` +
        `at step ${first.step} while its weights' n·Var(w) is a normal ${num(gain)}: an offset, ` +
        'most likely the bias (not recorded in this run), not the weights.'
      : `${info.name}'s biases start at ${num(bias)} on average and hold its mean pre-activation at ` +
        `${num(p.pre.mean)}, ${num(dominance(p))} times its spread (${num(spread(p))}), at step ${first.step}; ` +
        `the weights' n·Var(w) is ${num(gain)}.`
  return candidate(
    'bias-shift',
    bias === undefined ? 'possible' : 'likely',
    text,
    { layer: info.name, step: first.step, numbers },
    biasFix(input)
  )
}

/** Every layer whose biases start away from 0, set back to 0. */
function biasFix(input: DiagnosisInput) {
  const shifted = input.layers.slice(0, -1).flatMap((_, i) => {
    const b = at(input.probes[0], i)?.bias?.mean
    return b !== undefined && Math.abs(b) > 1e-6 ? layerChange(input, i, 'biasInit', 0) : []
  })
  const changes = shifted.length > 0 ? shifted : layerChange(input, 0, 'biasInit', 0)
  return changes.length > 0
    ? {
        changes,
        why: 'Biases that start at 0 leave each unit straddling 0, as the weights’ scale was chosen for.'
      }
    : undefined
}

/** The layer's mean pre-activation moved by its biases since the first probe, by the onset. */
function drifted(input: DiagnosisInput, layer: number, onset: number): Candidate | null {
  const first = at(input.probes[0], layer)
  const onsetProbe = input.probes.filter((p) => p.step <= onset).at(-1)
  const now = at(onsetProbe, layer)
  const info = input.layers[layer]
  if (!first || !now || !onsetProbe || !info || onsetProbe === input.probes[0]) return null
  const b0 = first.bias?.mean
  const b1 = now.bias?.mean
  if (b0 === undefined || b1 === undefined) return null
  const moved = now.pre.mean - first.pre.mean
  const biasMoved = b1 - b0
  if (!(Math.abs(moved) >= PRE_MEAN_DOMINANCE * spread(first)) || !carries(biasMoved, moved))
    return null
  const peak = peakUpdateRatio(input, layer, onset)
  return candidate(
    'bias-shift',
    'likely',
    `${info.name}'s mean pre-activation moved from ${num(first.pre.mean)} to ${num(now.pre.mean)} by ` +
      `step ${onsetProbe.step}, ${num(Math.abs(moved) / spread(first))} of its first spreads, and its ` +
      `biases moved ${num(biasMoved)} of that.`,
    {
      layer: info.name,
      step: onsetProbe.step,
      numbers: {
        preMeanBefore: first.pre.mean,
        preMeanAfter: now.pre.mean,
        biasMeanBefore: b0,
        biasMeanAfter: b1,
        preStdBefore: spread(first),
        updateRatio: peak?.ratio ?? Number.NaN
      }
    },
    learningRateFix(input, peak?.ratio ?? Number.NaN)
  )
}
