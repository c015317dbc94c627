/**
 * Findings about how signals travel through depth: gradient norms shrinking or growing from the
 * output back to the first layer, and pre-activation variance collapsing or exploding with
 * depth at initialization, next to the lecture's prediction Var(h) = n·Var(w)·E[x²]. Pure.
 */
import type { Finding } from '../../contract/runs/summary'
import {
  hiddenLayerIndices,
  learningRate,
  num,
  runUses,
  stepRange,
  suggestionText,
  type DiagnosisInput
} from '../../contract/diagnosis/diagnosis-input'
import { median } from '../../contract/median'
import {
  GRAD_RATIO_EXPLODING,
  GRAD_RATIO_VANISHING,
  VARIANCE_COLLAPSE_RATIO,
  VARIANCE_GROWTH_RATIO,
  VARIANCE_MIN_DEPTH
} from '../../contract/diagnosis/thresholds'
import { gradientRatio } from '../../contract/diagnosis/gradient-verdict'

/** ReLU, He and batch norm, minus what the run already uses. */
function vanishingSuggestion(input: DiagnosisInput): string {
  const uses = runUses(input.layers)
  const kinds = [...new Set(input.layers.slice(0, -1).map((l) => l.activation))].join('/')
  return suggestionText(
    [
      !uses.reluFamily && `ReLU instead of ${kinds}`,
      !uses.he && 'He initialization',
      !uses.batchNorm && 'batch norm before each activation'
    ],
    'Fewer layers: this run already uses ReLU, He initialization and batch norm.'
  )
}

/** Scaled initialization, batch norm, a lower learning rate, minus what the run uses. */
function explodingSuggestion(input: DiagnosisInput): string {
  const uses = runUses(input.layers)
  const lr = learningRate(input.config)
  return suggestionText(
    [
      !uses.he && !uses.xavier && 'Xavier/He initialization instead of large random weights',
      !uses.batchNorm && 'batch norm before each activation',
      `a lower learning rate than ${num(lr)} (e.g. ${num(lr / 10)})`
    ],
    ''
  )
}

/** Vanishing or exploding gradients from the median first/last ratio of RMS gradient per weight. */
export function gradientFindings(input: DiagnosisInput): Finding[] {
  const lastLayer = input.layers.length - 1
  if (lastLayer < 1 || input.probes.length === 0) return []
  const ratios = input.probes.map((p) => gradientRatio(p.layers, input.layers))
  const ratio = median(ratios)
  const vanishing = ratio < GRAD_RATIO_VANISHING
  if (!vanishing && !(ratio > GRAD_RATIO_EXPLODING)) return []
  const first = input.layers[0]
  const last = input.layers[lastLayer]
  if (first === undefined || last === undefined) return []
  const holds = (r: number) => (vanishing ? r < GRAD_RATIO_VANISHING : r > GRAD_RATIO_EXPLODING)
  return [
    {
      code: vanishing ? 'vanishing-gradients' : 'exploding-gradients',
      severity: 'problem',
      layers: [0, lastLayer],
      steps: stepRange(input.probes, (p) => holds(gradientRatio(p.layers, input.layers))),
      evidence:
        `The gradient per weight (RMS) of the first layer (${first.name}) is ${num(ratio)} times ` +
        `that of the last (${last.name}) (median over ${input.probes.length} probes): the early layers ` +
        (vanishing ? 'barely learn.' : 'get updates far larger than the output layer.'),
      suggestion: vanishing ? vanishingSuggestion(input) : explodingSuggestion(input)
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
  const [firstVar = Number.NaN] = vars
  const deepestVar = vars.at(-1) ?? Number.NaN
  const ratio = deepestVar / firstVar
  const collapse = ratio < VARIANCE_COLLAPSE_RATIO
  if (!collapse && !(ratio > VARIANCE_GROWTH_RATIO)) return []
  const deepest = input.layers[hidden[hidden.length - 1]!]
  const firstLayer = input.layers[0]
  if (deepest === undefined || firstLayer === undefined) return []
  const activation = firstLayer.activation
  // He's factor 2 is derived for ReLU; GELU, SiLU and ELU behave like ReLU for large inputs.
  const reluLike = ['relu', 'leaky-relu', 'elu', 'gelu', 'silu'].includes(activation)
  const fix = reluLike ? 'He' : 'Xavier (Glorot)'
  const uses = runUses(input.layers)
  return [
    {
      code: collapse ? 'variance-collapse' : 'variance-explosion',
      severity: 'problem',
      layers: hidden,
      steps: [init.step, init.step],
      evidence:
        `At step ${init.step} the pre-activation variance goes from ${num(firstVar)} in ` +
        `${firstLayer.name} to ${num(deepestVar)} in ${deepest.name} ` +
        `(×${num(ratio)}). Measured per layer: ${vars.map(num).join(', ')}; the lecture's ` +
        `prediction n·Var(w)·E[x²]: ${predicted.map(num).join(', ')}. n·Var(w) is ` +
        `${collapse ? 'below' : 'above'} 1, so each layer ${collapse ? 'shrinks' : 'grows'} the signal.`,
      suggestion: suggestionText(
        [
          !(fix === 'He' ? uses.he : uses.xavier) &&
            `${fix} initialization, which scales the weights so n·Var(w) ≈ 1 per layer ` +
              `(initializer "${firstLayer.initializer}" now)`,
          !uses.batchNorm && 'batch norm before each activation'
        ],
        "Check each layer's fan-in: the run already uses scaled initialization and batch norm."
      )
    }
  ]
}
