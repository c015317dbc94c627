/**
 * Which unit measures mean something for which layer: a dead fraction only for ReLU-family
 * hidden layers (a sigmoid, tanh or softmax unit cannot output exactly 0 for every example),
 * a saturated fraction only for sigmoid and tanh hidden layers (only they have flat tails),
 * stuck-negative (inactive: input negative for every example, a small gradient still flowing)
 * for leaky ReLU, ELU, GELU and SiLU. Elsewhere the measure is a constant 0 that says nothing,
 * so charts and tables say "not applicable" instead of drawing it. Pure data and wording.
 */

export type UnitMeasure = 'dead' | 'saturated' | 'stuckNegative'

const APPLIES: Record<UnitMeasure, readonly string[]> = {
  dead: ['relu', 'leaky-relu'],
  saturated: ['sigmoid', 'tanh'],
  stuckNegative: ['leaky-relu', 'elu', 'gelu', 'silu']
}

const NOUN: Record<UnitMeasure, string> = {
  dead: 'Dead fraction',
  saturated: 'Saturation',
  stuckNegative: 'Stuck-negative (inactive) fraction'
}

const WHY: Record<UnitMeasure, string> = {
  dead: 'only ReLU-family units can output exactly 0 for every example',
  saturated: 'only sigmoid and tanh units have flat tails to saturate in',
  stuckNegative:
    'only leaky ReLU, ELU, GELU and SiLU units pass a small gradient while their input stays negative'
}

/** True when `measure` means something for a layer with `activation` (not the output layer). */
export function measureApplies(
  measure: UnitMeasure,
  activation: string,
  isOutput = false
): boolean {
  return !isOutput && APPLIES[measure].includes(activation)
}

/** "ReLU", "leaky ReLU", "GELU", "SiLU", "sigmoid", "softmax": an activation's name in prose. */
export function activationWord(activation: string): string {
  if (activation === 'relu') return 'ReLU'
  if (activation === 'leaky-relu') return 'leaky ReLU'
  if (activation === 'elu' || activation === 'gelu' || activation === 'silu') {
    return activation.toUpperCase().replace('SILU', 'SiLU')
  }
  return activation
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
