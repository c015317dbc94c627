/**
 * Cause `symmetric-init`: every unit of a layer started with the same weights (all zeros, or a
 * constant), so each computes the same thing and gets the same update forever. Measured: the
 * weight spread across units at the first probe. The fix gives each such layer the random
 * initializer its activation needs (He for ReLU, Xavier otherwise), the output layer included. Pure.
 */
import type { ConfigChange } from '../../../contract/runs/summary'
import { num } from '../../../contract/diagnosis/diagnosis-input'
import { at, candidate, layerChange, type CauseRule } from './cause-input'
import { initializerFor } from './init-scale'

/** `symmetric-init` for a symmetric-units finding, from its layers' spread at the first probe. */
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
  const spread = at(first, top)?.weights.spread ?? Number.NaN
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
