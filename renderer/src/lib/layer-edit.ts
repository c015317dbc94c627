/**
 * Layer-stack editing as data: the new layer each "add" button inserts, the initializer object
 * a chosen name becomes (with the parameters it needs), and moving a layer. Pure; the Model view
 * applies these to its draft.
 */
import type {
  InitializerName,
  InitializerSpec,
  LayerSpec
} from '../../../main/contract/config/schema'

export type LayerKind = LayerSpec['type']

export const LAYER_KINDS: readonly LayerKind[] = [
  'dense',
  'conv2d',
  'maxPool',
  'avgPool',
  'flatten'
]

/** A fresh layer of `kind` with the lecture's sensible defaults (ReLU + He for weighted ones). */
export function newLayer(kind: LayerKind): LayerSpec {
  const unit = {
    activation: 'relu',
    leakySlope: 0.01,
    initializer: { type: 'he-normal' },
    batchNorm: false,
    dropout: 0
  } as const
  switch (kind) {
    case 'dense':
      return { type: 'dense', units: 64, ...unit }
    case 'conv2d':
      return { type: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', ...unit }
    case 'maxPool':
    case 'avgPool':
      return { type: kind, poolSize: 2, padding: 'valid' }
    case 'flatten':
      return { type: 'flatten' }
    default: {
      const never: never = kind
      throw new Error(`Unknown layer kind ${String(never)}`)
    }
  }
}

/** The initializer object for a name, carrying the parameter it needs (stddev, value). */
export function initializerFor(name: InitializerName): InitializerSpec {
  if (name === 'random-normal') return { type: name, stddev: 0.03, mean: 0 }
  if (name === 'constant') return { type: name, value: 0 }
  return { type: name }
}

/** The initializer's name, whether written as a string or as an object. */
export function initializerName(spec: unknown): string {
  if (typeof spec === 'string') return spec
  if (spec && typeof spec === 'object' && 'type' in spec)
    return String((spec as { type: unknown }).type)
  return ''
}

/** A copy of `list` with item `i` moved by `delta` (clamped). Does not mutate. */
export function moved<T>(list: readonly T[], i: number, delta: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + delta))
  const out = list.slice()
  const [item] = out.splice(i, 1)
  if (item === undefined) return out
  out.splice(j, 0, item)
  return out
}
