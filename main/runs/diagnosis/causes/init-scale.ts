/**
 * Cause `init-scale`: the initializer's n·Var(w) is far from what the layer's activation needs
 * (2 for ReLU, He; 1 for tanh/sigmoid, Xavier), so each layer shrinks or grows the signal.
 * Measured at the first probe: fan-in times the kernel's variance, per hidden layer. The fix
 * gives every layer that is off by INIT_GAIN_FACTOR or more the initializer its activation
 * needs. Pure.
 */
import type { ConfigChange } from '../../../contract/runs/summary'
import { num, type DiagnosisInput } from '../../../contract/diagnosis/diagnosis-input'
import { INIT_GAIN_FACTOR } from '../../../contract/diagnosis/thresholds'
import { at, candidate, gainAt, layerChange, targetGain, type CauseRule } from './cause-input'

/** The initializer a layer with `activation` needs: He for the ReLU family, else Xavier. */
export function initializerFor(activation: string): 'he-normal' | 'glorot-normal' {
  return targetGain(activation) === 2 ? 'he-normal' : 'glorot-normal'
}

interface Off {
  layer: number
  gain: number
  target: number
  /** |log(gain / target)|: how far off, either way. */
  distance: number
}

/** Hidden layers whose n·Var(w) at the first probe is off by INIT_GAIN_FACTOR or more. */
export function offScaleLayers(input: DiagnosisInput): Off[] {
  const first = input.probes[0]
  return input.layers.slice(0, -1).flatMap((info, layer) => {
    const gain = gainAt(info, at(first, layer))
    const target = targetGain(info.activation)
    const distance = Math.abs(Math.log(gain / target))
    return info.batchNorm || !(distance >= Math.log(INIT_GAIN_FACTOR))
      ? []
      : [{ layer, gain, target, distance }]
  })
}

/** `init-scale` when some hidden layer's n·Var(w) is off; evidence from the farthest one. */
export const initScaleCause: CauseRule = (input) => {
  const off = offScaleLayers(input)
  const worst = off.reduce<Off | null>((b, o) => (b === null || o.distance > b.distance ? o : b), null)
  const info = worst ? input.layers[worst.layer] : undefined
  if (!worst || !info) return null
  const changes: ConfigChange[] = off.flatMap((o) =>
    layerChange(input, o.layer, 'initializer', initializerFor(input.layers[o.layer]!.activation))
  )
  const wanted = initializerFor(info.activation)
  return candidate(
    'init-scale',
    'likely',
    `${info.name}'s initializer ${info.initializer} gives n·Var(w) = ${num(worst.gain)} ` +
      `(${num(info.fanIn)} inputs) where ${info.activation} needs about ${worst.target}: each such ` +
      `layer ${worst.gain < worst.target ? 'shrinks' : 'grows'} the signal; ${off.length} of ` +
      `${input.layers.length - 1} hidden layers are off by ${INIT_GAIN_FACTOR}× or more.`,
    {
      layer: info.name,
      step: input.probes[0]?.step ?? null,
      numbers: {
        weightGain: worst.gain,
        targetGain: worst.target,
        fanIn: info.fanIn,
        weightVar: at(input.probes[0], worst.layer)?.weights.variance ?? Number.NaN,
        layersOff: off.length
      }
    },
    changes.length > 0
      ? {
          changes,
          why: `${wanted === 'he-normal' ? 'He' : 'Xavier'} initialization scales each layer's weights so n·Var(w) ≈ ${worst.target}, which keeps the variance steady with depth.`
        }
      : undefined
  )
}

/** `init-scale` as a fallback: the hidden layer whose n·Var(w) is farthest from its target. */
export const initScalePossible: CauseRule = (input, finding) => {
  const first = input.probes[0]
  const found = initScaleCause(input, finding)
  if (found) return found
  let worst: { layer: number; distance: number; gain: number; target: number } | null = null
  for (let layer = 0; layer < input.layers.length - 1; layer++) {
    const info = input.layers[layer]!
    const gain = gainAt(info, at(first, layer))
    const target = targetGain(info.activation)
    const distance = Math.abs(Math.log(gain / target))
    if (Number.isFinite(distance) && (worst === null || distance > worst.distance))
      worst = { layer, distance, gain, target }
  }
  if (worst === null) return null
  const { layer, gain, target } = worst
  const info = input.layers[layer]!
  return candidate(
    'init-scale',
    'possible',
    `No layer's n·Var(w) is far off (the farthest, ${info.name}, is ${num(gain)} where ` +
      `${info.activation} needs about ${target}); the initial scale is the remaining suspect.`,
    {
      layer: info.name,
      step: first?.step ?? null,
      numbers: { weightGain: gain, targetGain: target, fanIn: info.fanIn }
    }
  )
}

/** `init-scale` only when the farthest-off layer is too small (what a collapse needs). */
export const initScaleTooSmall: CauseRule = (input, finding) => {
  const found = initScaleCause(input, finding)
  const n = found?.cause.evidence.numbers
  return found && n && (n.weightGain ?? 0) < (n.targetGain ?? 0) ? found : null
}
