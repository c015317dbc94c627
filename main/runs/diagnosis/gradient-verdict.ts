/**
 * The Layers view's one-line verdict on gradient flow, made by the same rule and thresholds
 * as the vanishing/exploding-gradients findings (depth-rules.ts): the median over probes of
 * the first layer's gradient norm divided by the output layer's, against GRAD_RATIO_VANISHING
 * and GRAD_RATIO_EXPLODING. It states the measured ratio, and says so when the norms
 * themselves are large even though their ratio is inside the band. Pure.
 */
import type { ProbeRecord } from '../records'
import { median, num } from './diagnosis-input'
import { GRAD_NORM_LARGE, GRAD_RATIO_EXPLODING, GRAD_RATIO_VANISHING } from './thresholds'

export type GradientVerdictKind = 'vanishing' | 'exploding' | 'within' | 'non-finite' | 'unknown'

export interface GradientVerdict {
  kind: GradientVerdictKind
  /** Median first ÷ output gradient-norm ratio (NaN when unknown). */
  ratio: number
  /** Largest finite gradient norm at the last probe (NaN without one). */
  largest: number
  /** True when the norms are large although the ratio is within the band. */
  large: boolean
  text: string
}

/** First-layer over output-layer gradient norm at one probe (NaN when undefined). */
export function gradientRatio(layers: readonly { gradNorm: number }[]): number {
  const first = layers[0]?.gradNorm
  const last = layers.at(-1)?.gradNorm
  if (first === undefined || last === undefined || !(last > 0)) return Number.NaN
  return first / last
}

const BAND = `1/${num(1 / GRAD_RATIO_VANISHING)} to ${num(GRAD_RATIO_EXPLODING)}×`

/** The verdict for `probes` of a net with at least two weighted layers (output last). */
export function gradientVerdict(probes: readonly ProbeRecord[]): GradientVerdict {
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
  const ratio = median(probes.map((p) => gradientRatio(p.layers)))
  if (norms.length < 2 || !Number.isFinite(ratio))
    return {
      ...base,
      kind: 'unknown',
      ratio,
      text: 'Needs the gradients of the first and the output layer (measured at each probe).'
    }
  const measured = `The first layer's gradient norm is ${num(ratio)}× the output layer's (median over ${probes.length} probes)`
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
