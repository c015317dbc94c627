/**
 * Which unit measures mean something for which layer: a dead fraction only for ReLU-family
 * hidden layers (a sigmoid, tanh or softmax unit cannot output exactly 0 for every example),
 * a saturated fraction only for bounded ones (sigmoid, tanh, hardtanh, softsign: only they have
 * flat tails), stuck-negative only for leaky ReLU and PReLU, inactive only for smooth units with
 * a flat negative region (GELU, SiLU, Mish, Softplus, ELU, SELU, CELU). Elsewhere the measure is
 * a constant 0 that says nothing, so charts and tables say "not applicable" instead of drawing
 * it; an `unknown` activation (a PyTorch module the probe does not know) has none. Pure data
 * and wording.
 */

export type UnitMeasure = 'dead' | 'saturated' | 'stuckNegative' | 'inactive'

const APPLIES: Record<UnitMeasure, readonly string[]> = {
  dead: ['relu', 'leaky-relu', 'relu6', 'hardswish'],
  saturated: ['sigmoid', 'tanh', 'hardtanh', 'softsign'],
  stuckNegative: ['leaky-relu', 'prelu'],
  inactive: ['gelu', 'silu', 'mish', 'softplus', 'elu', 'selu', 'celu']
}

const NOUN: Record<UnitMeasure, string> = {
  dead: 'Dead fraction',
  saturated: 'Saturation',
  stuckNegative: 'Stuck-negative fraction',
  inactive: 'Inactive fraction'
}

const WHY: Record<UnitMeasure, string> = {
  dead: 'only ReLU-family units can output exactly 0 for every example',
  saturated:
    'only bounded units (sigmoid, tanh, hardtanh, softsign) have flat tails to saturate in',
  stuckNegative: 'only leaky ReLU units pass a small gradient while their input stays negative',
  inactive: 'only smooth units such as GELU, SiLU and ELU have a flat negative region to sink into'
}

/** True when `measure` means something for a layer with `activation` (not the output layer). */
export function measureApplies(
  measure: UnitMeasure,
  activation: string,
  isOutput = false
): boolean {
  return !isOutput && APPLIES[measure].includes(activation)
}

const WORDS: Record<string, string> = {
  relu: 'ReLU',
  'leaky-relu': 'leaky ReLU',
  relu6: 'ReLU6',
  prelu: 'PReLU',
  elu: 'ELU',
  selu: 'SELU',
  celu: 'CELU',
  gelu: 'GELU',
  silu: 'SiLU',
  unknown: 'unknown activation'
}

/** "ReLU", "leaky ReLU", "GELU", "sigmoid", "softmax": an activation's name in prose. */
export function activationWord(activation: string): string {
  return WORDS[activation] ?? activation
}

/** A layer's activation as a table shows it: "GELU", "unknown activation (Swish)". */
export function activationLabel(layer: { activation: string; activationClass?: string }): string {
  const word = activationWord(layer.activation)
  return layer.activation === 'unknown' && layer.activationClass
    ? `${word} (${layer.activationClass})`
    : word
}

/**
 * The sentence shown instead of a flat zero line, for the layers (by activation) a measure does
 * not apply to, e.g. "Saturation is not applicable for ReLU layers: only sigmoid and tanh units
 * have flat tails to saturate in." '' when `activations` is empty.
 */
export function notApplicableText(measure: UnitMeasure, activations: readonly string[]): string {
  const kinds = [...new Set(activations.map(activationWord))]
  if (kinds.length === 0) return ''
  const list =
    kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`
  return `${NOUN[measure]} is not applicable for ${list} layers: ${WHY[measure]}.`
}
