/**
 * The model plan: the config's layer list resolved into named stages with inferred shapes,
 * fan-in and fan-out, before any tensor exists. Pure (no tfjs), so bad configurations fail fast
 * with a message naming the layer.
 *
 * Decisions: a dense layer after a conv or pool stage flattens its input implicitly (as if a
 * `flatten` stood before it), recorded as `flattenBefore`; a conv or pool layer after a dense or
 * flatten stage is rejected, since a vector has no image to slide over. The output layer
 * (`output`: dense, one unit per class, softmax) is appended to every plan.
 */
import type {
  ActivationName,
  InitializerSpec,
  InputShape,
  ModelSpec,
  PoolSpec,
  WeightedSpec
} from '../config/schema'

export interface ConvGeometry {
  kernelSize: number
  strides: number
  padding: 'same' | 'valid'
}

/** One layer with weights: a hidden dense/conv2d layer, or the output layer (last). */
export interface WeightedPlan {
  name: string
  kind: 'dense' | 'conv2d'
  /** 'softmax' only for the output layer, whose forward pass returns logits. */
  activation: ActivationName | 'softmax'
  leakySlope: number
  initializer: InitializerSpec
  /** Every bias's value at step 0 (the config's biasInit; 0 for the output layer). */
  biasInit: number
  batchNorm: boolean
  dropout: number
  fanIn: number
  fanOut: number
  units: number
  /** [fanIn, units] for dense; [k, k, cin, cout] for conv (tfjs layouts). */
  kernelShape: number[]
  conv: ConvGeometry | null
  /** Flatten an image-shaped input first (dense after conv/pool without an explicit flatten). */
  flattenBefore: boolean
  /** Shapes without the batch dimension. */
  inputShape: number[]
  outputShape: number[]
}

export type Stage =
  | { type: 'weighted'; layer: number }
  | {
      type: 'pool'
      op: 'max' | 'avg'
      poolSize: number
      strides: number
      padding: 'same' | 'valid'
    }
  | { type: 'flatten' }

export interface ModelPlan {
  inputShape: [number, number, number]
  classes: number
  stages: Stage[]
  /** Weighted layers in order; the output layer is last. */
  layers: WeightedPlan[]
}

/** Output size of a sliding window along one axis, or null when it shrinks below 1. Pure. */
export function slidingOutput(
  size: number,
  window: number,
  stride: number,
  padding: 'same' | 'valid'
): number | null {
  if (padding === 'same') return Math.ceil(size / stride)
  return size < window ? null : Math.floor((size - window) / stride) + 1
}

/**
 * `model` with its input shape set to `shape` when the config left it to the data (a set
 * shape wins). Does not mutate.
 */
export function withInputShape(model: ModelSpec, shape: readonly number[] | undefined): ModelSpec {
  if (model.inputShape || !shape) return model
  const [h, w, c] = shape
  if (shape.length !== 3 || h === undefined || w === undefined)
    throw new Error(`An input needs a [height, width, channels] shape, not [${shape.join(', ')}].`)
  if (c !== 1 && c !== 3) throw new Error(`An input needs 1 or 3 channels, not ${c}.`)
  return { ...model, inputShape: [h, w, c] }
}

/**
 * Resolves `model` for `classes` output classes at `inputShape` (default: the model's own).
 * Throws an Error naming the layer on bad shapes. Pure.
 */
export function planModel(
  model: ModelSpec,
  classes: number,
  inputShape: InputShape | undefined = model.inputShape
): ModelPlan {
  if (!inputShape)
    throw new Error(
      'model.inputShape is not set and no dataset gave one; open a folder or set the input shape.'
    )
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(
      `The data has ${classes} class(es); training needs at least 2 classes (one folder per class).`
    )
  const names = new LayerNames()
  const stages: Stage[] = []
  const layers: WeightedPlan[] = []
  let shape: number[] = [...inputShape]
  model.layers.forEach((spec, i) => {
    const where = `model.layers[${i}] (${spec.type})`
    if (spec.type === 'dense' || spec.type === 'conv2d') {
      const layer = weightedPlan(spec, shape, names.next(spec, where), where)
      stages.push({ type: 'weighted', layer: layers.length })
      layers.push(layer)
      shape = layer.outputShape
    } else if (spec.type === 'flatten') {
      stages.push({ type: 'flatten' })
      shape = [product(shape)]
    } else {
      shape = poolShape(spec, shape, where)
      const op = spec.type === 'maxPool' ? 'max' : 'avg'
      stages.push({
        type: 'pool',
        op,
        poolSize: spec.poolSize,
        strides: spec.strides ?? spec.poolSize,
        padding: spec.padding
      })
    }
  })
  const output = densePlan('output', classes, shape, model.outputInitializer)
  stages.push({ type: 'weighted', layer: layers.length })
  layers.push(output)
  return { inputShape: [...inputShape], classes, stages, layers }
}

function weightedPlan(
  spec: WeightedSpec,
  shape: number[],
  name: string,
  where: string
): WeightedPlan {
  const common = {
    activation: spec.activation,
    leakySlope: spec.leakySlope,
    biasInit: spec.batchNorm ? 0 : (spec.biasInit ?? 0),
    batchNorm: spec.batchNorm,
    dropout: spec.dropout
  }
  if (spec.type === 'dense')
    return { ...densePlan(name, spec.units, shape, spec.initializer), ...common }
  if (shape.length !== 3)
    throw new Error(
      `${where} "${name}": a conv2d layer needs an image input, but it follows a flatten or dense layer; move it before them.`
    )
  const [h, w, cin] = shape as [number, number, number]
  const { kernelSize: k, strides, padding, filters } = spec
  const oh = slidingOutput(h, k, strides, padding)
  const ow = slidingOutput(w, k, strides, padding)
  if (oh === null || ow === null)
    throw new Error(
      `${where} "${name}": a 'valid' ${k}×${k} convolution shrinks its ${h}×${w} input below 1 pixel; ` +
        `use padding 'same', a smaller kernelSize, fewer pooling layers before it, or a larger model.inputShape.`
    )
  return {
    name,
    kind: 'conv2d',
    ...common,
    initializer: spec.initializer,
    fanIn: k * k * cin,
    fanOut: k * k * filters,
    units: filters,
    kernelShape: [k, k, cin, filters],
    conv: { kernelSize: k, strides, padding },
    flattenBefore: false,
    inputShape: [...shape],
    outputShape: [oh, ow, filters]
  }
}

function densePlan(
  name: string,
  units: number,
  shape: number[],
  initializer: InitializerSpec
): WeightedPlan {
  const fanIn = product(shape)
  return {
    name,
    kind: 'dense',
    activation: 'softmax',
    leakySlope: 0,
    initializer,
    biasInit: 0,
    batchNorm: false,
    dropout: 0,
    fanIn,
    fanOut: units,
    units,
    kernelShape: [fanIn, units],
    conv: null,
    flattenBefore: shape.length > 1,
    inputShape: [...shape],
    outputShape: [units]
  }
}

function poolShape(spec: PoolSpec, shape: number[], where: string): number[] {
  if (shape.length !== 3)
    throw new Error(
      `${where}: pooling needs an image input, but it follows a flatten or dense layer; move it before them.`
    )
  const [h, w, c] = shape as [number, number, number]
  const strides = spec.strides ?? spec.poolSize
  const oh = slidingOutput(h, spec.poolSize, strides, spec.padding)
  const ow = slidingOutput(w, spec.poolSize, strides, spec.padding)
  if (oh === null || ow === null)
    throw new Error(
      `${where}: a 'valid' ${spec.poolSize}×${spec.poolSize} pooling shrinks its ${h}×${w} input below 1 pixel; ` +
        `use padding 'same', a smaller poolSize, or a larger model.inputShape.`
    )
  return [oh, ow, c]
}

/** Names weighted layers `dense_1`, `conv2d_1`, … unless the config names them; rejects duplicates. */
class LayerNames {
  private readonly counts = { dense: 0, conv2d: 0 }
  private readonly used = new Set<string>(['output'])

  next(spec: WeightedSpec, where: string): string {
    this.counts[spec.type] += 1
    const name = spec.name ?? `${spec.type}_${this.counts[spec.type]}`
    if (this.used.has(name))
      throw new Error(
        `${where}: the layer name "${name}" is already used (names must be unique and not "output").`
      )
    if (name.includes('/'))
      throw new Error(`${where}: the layer name "${name}" must not contain "/".`)
    this.used.add(name)
    return name
  }
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}
