/**
 * Cause `saturating-activation`: sigmoid/tanh layers whose units sit in the flat tails, where
 * the local gradient is nearly 0, so the gradient shrinks layer by layer toward the input.
 * Measured: the saturated fraction of the most saturated sigmoid/tanh layer at the first probe
 * and at the last, the number of such layers, and the first/output gradient ratio per weight.
 * The fix is the lecture's takeaway: ReLU with He initialization in every such layer (ReLU
 * alone would keep an initializer scaled for sigmoid, which can explode with depth). Pure.
 */
import type { ConfigChange } from '../../../contract/runs/summary'
import { num, pct } from '../../../contract/diagnosis/diagnosis-input'
import { median } from '../../../contract/median'
import { gradientRatio } from '../../../contract/diagnosis/gradient-verdict'
import { SATURATED_FRACTION_WARNING } from '../../../contract/diagnosis/thresholds'
import { at, candidate, layerChange, type CauseRule } from './cause-input'

const SATURATING = ['sigmoid', 'tanh']

/**
 * `saturating-activation` when the run has sigmoid/tanh hidden layers and one of them had at
 * least SATURATED_FRACTION_WARNING of its units saturated at some probe; for a not-zero-centred
 * finding the activation itself is the cause (sigmoid's outputs lie in (0, 1)), saturated or not.
 */
export const saturatingActivationCause: CauseRule = (input, finding) => {
  const layers = input.layers
    .slice(0, -1)
    .flatMap((info, i) => (SATURATING.includes(info.activation) ? [i] : []))
  if (layers.length === 0) return null
  const saturated = input.probes.some((p) =>
    layers.some((i) => (p.layers[i]?.saturatedFraction ?? 0) >= SATURATED_FRACTION_WARNING)
  )
  if (!saturated && finding.code !== 'not-zero-centred') return null
  const first = input.probes[0]
  const last = input.probes.at(-1)
  const worst = layers.reduce((b, i) =>
    (at(last, i)?.saturatedFraction ?? 0) > (at(last, b)?.saturatedFraction ?? 0) ? i : b
  )
  const info = input.layers[worst]!
  const ratio = median(input.probes.map((p) => gradientRatio(p.layers, input.layers)))
  const kinds = [...new Set(layers.map((i) => input.layers[i]!.activation))].join('/')
  const changes: ConfigChange[] = layers.flatMap((i) => [
    ...layerChange(input, i, 'activation', 'relu'),
    ...layerChange(input, i, 'initializer', 'he-normal')
  ])
  const satFirst = at(first, worst)?.saturatedFraction ?? Number.NaN
  const satLast = at(last, worst)?.saturatedFraction ?? Number.NaN
  return candidate(
    'saturating-activation',
    'likely',
    `${layers.length} ${kinds} layer${layers.length > 1 ? 's' : ''}: ${info.name} had ` +
      `${pct(satFirst)} of its units saturated at step ${first?.step ?? 0} and ${pct(satLast)} at ` +
      `step ${last?.step ?? 0}` +
      (Number.isFinite(ratio)
        ? `; the first layer's gradient per weight is ${num(ratio)} times the output layer's.`
        : '.'),
    {
      layer: info.name,
      step: last?.step ?? null,
      numbers: {
        saturatedAtStart: satFirst,
        saturatedAtEnd: satLast,
        saturatingLayers: layers.length,
        gradientRatio: ratio
      }
    },
    changes.length > 0
      ? {
          changes,
          why: 'ReLU does not saturate for positive inputs, and He initialization (n·Var(w) = 2) keeps its variance steady with depth.'
        }
      : undefined
  )
}
