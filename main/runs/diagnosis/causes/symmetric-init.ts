/**
 * Cause `symmetric-init`: every unit of a layer started with the same weights (all zeros, or a
 * constant), so each computes the same thing and gets the same update forever. Measured: the
 * weight spread across units at the first probe. The fix gives each such layer the random
 * initializer its activation needs (He for ReLU, Xavier otherwise), the output layer included. Pure.
 */
import type { ConfigChange } from '../../../contract/runs/summary'
import { num } from '../../../contract/diagnosis/diagnosis-input'
import { SYMMETRY_RELATIVE_SPREAD } from '../../../contract/diagnosis/thresholds'
import { at, candidate, layerChange, type CauseRule } from './cause-input'
import { initializerFor } from './init-scale'

/** `symmetric-init` when the finding's first layer started with identical units (spread at the first probe). */
export const symmetricInitCause: CauseRule = (input, finding) => {
  const first = input.probes[0]
  const layers = finding.layers
  const [top] = layers
  const info = top === undefined ? undefined : input.layers[top]
  if (top === undefined || !info) return null
  const last = input.layers.length - 1
  const changes: ConfigChange[] = layers.flatMap((i) =>
    i === last
      ? [{ path: 'model.outputInitializer', value: 'glorot-uniform' }]
      : layerChange(input, i, 'initializer', initializerFor(input.layers[i]!.activation))
  )
  const weights = at(first, top)?.weights
  const spread = weights?.spread ?? Number.NaN
  const rms = weights ? Math.sqrt(weights.variance + weights.mean ** 2) : Number.NaN
  // Not symmetric at the start (a finding about symmetry always is): another rule's business.
  if (!(spread <= SYMMETRY_RELATIVE_SPREAD * rms) && !(spread === 0)) return null
  return candidate(
    'symmetric-init',
    'likely',
    `${info.name} starts with initializer ${info.initializer}: the spread of its units' weights ` +
      `is ${num(spread)} at step ${first?.step ?? 0}, so no update can tell its units apart.`,
    { layer: info.name, step: first?.step ?? null, numbers: { weightSpread: spread, layers: layers.length } },
    changes.length > 0
      ? { changes, why: 'Random initial weights differ per unit, so units get different gradients and learn different features.' }
      : undefined
  )
}
