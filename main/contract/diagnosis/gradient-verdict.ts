/**
 * The Layers view's one-line verdict on gradient flow, made by the same rule and thresholds
 * as the vanishing/exploding-gradients findings (depth-rules.ts): the median over probes of
 * the first layer's RMS gradient per weight divided by the output layer's, against GRAD_RATIO_VANISHING
 * and GRAD_RATIO_EXPLODING. It states the measured ratio, and says so when the norms
 * themselves are large even though their ratio is inside the band. Pure.
 */
import type { LayerInfo, ProbeRecord } from '../runs/records'
import { median } from '../median'
import { num } from './diagnosis-input'
import { GRAD_NORM_LARGE, GRAD_RATIO_EXPLODING, GRAD_RATIO_VANISHING } from './thresholds'

export type GradientVerdictKind = 'vanishing' | 'exploding' | 'within' | 'non-finite' | 'unknown'

export interface GradientVerdict {
  kind: GradientVerdictKind
  /** Median first ÷ output ratio of RMS gradient per weight (NaN when unknown). */
  ratio: number
  /** Largest finite gradient norm at the last probe (NaN without one). */
  largest: number
  /** True when the norms are large although the ratio is within the band. */
  large: boolean
  text: string
}

/**
 * The first layer's root-mean-square gradient per kernel weight (‖∂L/∂W‖ / √(fanIn·units)) over
 * the output layer's, at one probe (NaN when undefined). Per weight, not the whole norm: a norm
 * grows with the square root of the weight count, so a healthy 784×128 first layer's norm is ~9
 * times a 128×10 output layer's, and a folder of larger images would look healthier than it is.
 * `info` holds the static facts of the same layers, in order.
 */
export function gradientRatio(
  layers: readonly { gradNorm: number }[],
  info: readonly LayerInfo[]
): number {
  const last = layers.length - 1
  if (last < 1 || info.length !== layers.length) return Number.NaN
  const rms = (i: number) => layers[i]!.gradNorm / Math.sqrt(info[i]!.fanIn * info[i]!.units)
  return rms(last) > 0 ? rms(0) / rms(last) : Number.NaN
}

const BAND = `1/${num(1 / GRAD_RATIO_VANISHING)} to ${num(GRAD_RATIO_EXPLODING)}×`

/**
 * The verdict for `probes` of a net with at least two weighted layers (output last), whose
 * static facts are `layers`.
 */
export function gradientVerdict(
  probes: readonly ProbeRecord[],
  layers: readonly LayerInfo[]
): GradientVerdict {
  const last = probes.at(-1)
  const norms = last?.layers.map((l) => l.gradNorm) ?? []
  const finite = norms.filter(Number.isFinite)
  const largest = finite.length ? Math.max(...finite) : Number.NaN
  const base = { largest, large: false }
  if (norms.some((n) => !Number.isFinite(n)))
    return {
      ...base,
      kind: 'non-finite',
      ratio: Number.NaN,
      text: 'Gradients are NaN or ∞: the run diverged. Lower the learning rate and start again.'
    }
  const ratio = median(probes.map((p) => gradientRatio(p.layers, layers)))
  if (norms.length < 2 || !Number.isFinite(ratio))
    return {
      ...base,
      kind: 'unknown',
      ratio,
      text: 'Needs the gradients of the first and the output layer (measured at each probe).'
    }
  const measured = `The first layer's gradient per weight (RMS) is ${num(ratio)}× the output layer's (median over ${probes.length} probes)`
  if (ratio < GRAD_RATIO_VANISHING)
    return {
      ...base,
      kind: 'vanishing',
      ratio,
      text: `Vanishing: ${measured}, below 1/${num(1 / GRAD_RATIO_VANISHING)}.`
    }
  if (ratio > GRAD_RATIO_EXPLODING)
    return {
      ...base,
      kind: 'exploding',
      ratio,
      text: `Exploding: ${measured}, above ${num(GRAD_RATIO_EXPLODING)}×.`
    }
  const large = largest > GRAD_NORM_LARGE
  return {
    ...base,
    kind: 'within',
    ratio,
    large,
    text:
      `${measured}: inside the ${BAND} band the findings use.` +
      (large
        ? ` But the norms themselves are large (up to ${num(largest)} at step ${last!.step}): ` +
          'every layer gets big updates; see the variance against depth.'
        : '')
  }
}
