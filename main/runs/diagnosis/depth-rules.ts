/**
 * Findings about how signals travel through depth: gradient norms shrinking or growing from the
 * output back to the first layer, and pre-activation variance collapsing or exploding with
 * depth at initialization, next to the lecture's prediction Var(h) = n·Var(w)·E[x²]. Pure.
 */
import type { LayerInfo } from '../records'
import type { Finding } from '../summary'
import { hiddenLayerIndices, median, num, stepRange, type DiagnosisInput } from './diagnosis-input'
import {
  GRAD_RATIO_EXPLODING,
  GRAD_RATIO_VANISHING,
  VARIANCE_COLLAPSE_RATIO,
  VARIANCE_GROWTH_RATIO,
  VARIANCE_MIN_DEPTH
} from './thresholds'

/**
 * The first layer's root-mean-square gradient per kernel weight over the last layer's, at one
 * probe (NaN when undefined). Per weight, not the whole norm: a norm grows with the square root
 * of the weight count, so a healthy 784×128 first layer's norm is ~9 times a 128×10 output
 * layer's, and a folder of larger images would look healthier than it is.
 */
function gradRatio(layers: readonly { gradNorm: number }[], info: readonly LayerInfo[]): number {
  const rms = (i: number) => layers[i]?.gradNorm / Math.sqrt(info[i].fanIn * info[i].units)
  const last = layers.length - 1
  if (last < 1 || info.length !== layers.length || !(rms(last) > 0)) return Number.NaN
  return rms(0) / rms(last)
}

/** Vanishing or exploding gradients from the median first/last gradient-norm ratio. */
export function gradientFindings(input: DiagnosisInput): Finding[] {
  const lastLayer = input.layers.length - 1
  if (lastLayer < 1 || input.probes.length === 0) return []
  const ratios = input.probes.map((p) => gradRatio(p.layers, input.layers))
  const ratio = median(ratios)
  const vanishing = ratio < GRAD_RATIO_VANISHING
  if (!vanishing && !(ratio > GRAD_RATIO_EXPLODING)) return []
  const first = input.layers[0]
  const last = input.layers[lastLayer]
  const holds = (r: number) => (vanishing ? r < GRAD_RATIO_VANISHING : r > GRAD_RATIO_EXPLODING)
  return [
    {
      code: vanishing ? 'vanishing-gradients' : 'exploding-gradients',
      severity: 'problem',
      layers: [0, lastLayer],
      steps: stepRange(input.probes, (p) => holds(gradRatio(p.layers, input.layers))),
      evidence:
        `The gradient per weight (RMS) of the first layer (${first.name}) is ${num(ratio)} times ` +
        `that of the last (${last.name}) (median over ${input.probes.length} probes): the early layers ` +
        (vanishing ? 'barely learn.' : 'get updates far larger than the output layer.'),
      suggestion: vanishing
        ? `Use ReLU instead of ${first.activation === 'relu' ? 'a saturating activation' : first.activation}, He initialization, and batch norm.`
        : 'Use Xavier/He initialization instead of large random weights, add batch norm, or lower the learning rate.'
    }
  ]
}

/** Pre-activation variance of the deepest hidden layer versus the first, at initialization. */
export function varianceFindings(input: DiagnosisInput): Finding[] {
  const hidden = hiddenLayerIndices(input.layers)
  const init = input.probes[0]
  if (hidden.length < VARIANCE_MIN_DEPTH || !init) return []
  const vars = hidden.map((i) => init.layers[i]?.pre.variance ?? Number.NaN)
  const predicted = hidden.map((i) => init.layers[i]?.predictedPreVar ?? Number.NaN)
  const ratio = vars[vars.length - 1] / vars[0]
  const collapse = ratio < VARIANCE_COLLAPSE_RATIO
  if (!collapse && !(ratio > VARIANCE_GROWTH_RATIO)) return []
  const deepest = input.layers[hidden[hidden.length - 1]]
  const activation = input.layers[0].activation
  const fix = activation === 'relu' || activation === 'leaky-relu' ? 'He' : 'Xavier (Glorot)'
  return [
    {
      code: collapse ? 'variance-collapse' : 'variance-explosion',
      severity: 'problem',
      layers: hidden,
      steps: [init.step, init.step],
      evidence:
        `At step ${init.step} the pre-activation variance goes from ${num(vars[0])} in ` +
        `${input.layers[0].name} to ${num(vars[vars.length - 1])} in ${deepest.name} ` +
        `(×${num(ratio)}). Measured per layer: ${vars.map(num).join(', ')}; the lecture's ` +
        `prediction n·Var(w)·E[x²]: ${predicted.map(num).join(', ')}. n·Var(w) is ` +
        `${collapse ? 'below' : 'above'} 1, so each layer ${collapse ? 'shrinks' : 'grows'} the signal.`,
      suggestion:
        `Scale the initial weights so n·Var(w) ≈ 1 per layer: ${fix} initialization ` +
        `(initializer "${input.layers[0].initializer}" now), or add batch norm.`
    }
  ]
}
