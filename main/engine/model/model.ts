/**
 * A built model: the plan plus its tfjs variables, created from seeded initializers. Biases
 * start at 0, batch-norm gamma at 1 and beta at 0, moving mean at 0 and moving variance at 1.
 */
import * as tf from '@tensorflow/tfjs'
import type { ModelSpec } from '../../contract/config/schema'
import type { NamedTensor } from '../../contract/trainer-protocol'
import type { LayerInfo } from '../../contract/runs/records'
import type { InputNormalization } from '../../contract/runs/summary'
import { activationOf, type Activation } from './activations'
import { initializerLabel, initializerOf } from './initializers'
import { planModel, type ModelPlan, type WeightedPlan } from '../../contract/model/plan'
import { deriveSeed, makeRng } from '../../random/seeded-random'

export interface BatchNormParams {
  gamma: tf.Variable
  beta: tf.Variable
  /** Not trained by gradients; updated from batch moments with the model's alpha. */
  movingMean: tf.Variable
  movingVariance: tf.Variable
}

export interface LayerParams {
  kernel: tf.Variable
  /**
   * Zero and untrained in a layer with batch norm: batch norm subtracts the batch mean, so a bias
   * before it has no effect (its gradient is rounding noise) and beta is the layer's shift. It is
   * kept, at zero, so every layer exports the same kernel and bias.
   */
  bias: tf.Variable
  batchNorm: BatchNormParams | null
}

/**
 * The input normalization x' = (x - mean) · scale: [c] tensors per channel (standardize), or
 * [h, w, c] tensors per input position (per-pixel); either broadcasts over an NHWC batch.
 */
export interface InputTransform {
  mean: tf.Tensor
  /** 1 / std */
  scale: tf.Tensor
}

export interface Model {
  plan: ModelPlan
  /** Applied to every batch before the first layer; null for inputs used as they are. */
  input: InputTransform | null
  spec: ModelSpec
  /** One per weighted layer, in plan order (output layer last). */
  params: LayerParams[]
  /** One per weighted layer; the output layer's is linear (softmax lives in the loss). */
  activations: Activation[]
  /** Every variable gradients train: kernels, biases (of layers without batch norm), gammas, betas. */
  trainable: tf.Variable[]
}

/**
 * Builds the model for `classes` classes with weights from `seed`, standardizing its input with
 * `normalization` (none: byte / 255 as it is). Throws on bad shapes.
 */
export function buildModel(
  spec: ModelSpec,
  classes: number,
  seed: number,
  normalization?: InputNormalization
): Model {
  const plan = planModel(spec, classes)
  const input = normalization ? inputTransform(normalization, plan.inputShape) : null
  const params = plan.layers.map((layer, i) => createParams(layer, deriveSeed(seed, 1, i)))
  const activations = plan.layers.map((l) =>
    activationOf(l.activation === 'softmax' ? 'linear' : l.activation, l.leakySlope)
  )
  const trainable = params.flatMap((p) =>
    p.batchNorm ? [p.kernel, p.batchNorm.gamma, p.batchNorm.beta] : [p.kernel, p.bias]
  )
  return { plan, input, spec, params, activations, trainable }
}

/**
 * Null for the identity (mode none), so an unnormalized model runs no extra ops. Throws when a
 * per-pixel normalization was measured at another input shape than `inputShape` ([h, w, c]).
 */
function inputTransform(
  { mode, mean, std }: InputNormalization,
  inputShape: readonly number[]
): InputTransform | null {
  if (mode === 'none') return null
  const shape = mode === 'per-pixel' ? [...inputShape] : [mean.length]
  const size = shape.reduce((a, b) => a * b, 1)
  if (mean.length !== size || std.length !== size)
    throw new Error(
      `The input normalization has ${mean.length} means and ${std.length} standard deviations ` +
        `but a ${mode} normalization of a ${inputShape.join('×')} input needs ${size} of each; ` +
        'measure it again on the training split at this input size.'
    )
  return {
    mean: tf.tensor(mean, shape),
    scale: tf.tensor(
      std.map((s) => 1 / s),
      shape
    )
  }
}

function createParams(layer: WeightedPlan, seed: number): LayerParams {
  const size = layer.kernelShape.reduce((a, b) => a * b, 1)
  const values = initializerOf(layer.initializer)(size, layer.fanIn, layer.fanOut, makeRng(seed))
  const units = layer.units
  const kernel = variableFrom(tf.tensor(values, layer.kernelShape), true)
  const bias = variableFrom(tf.fill([units], layer.biasInit), true)
  const batchNorm = layer.batchNorm
    ? {
        gamma: variableFrom(tf.ones([units]), true),
        beta: variableFrom(tf.zeros([units]), true),
        movingMean: variableFrom(tf.zeros([units]), false),
        movingVariance: variableFrom(tf.ones([units]), false)
      }
    : null
  return { kernel, bias, batchNorm }
}

/** A variable holding `initial`'s values; disposes `initial` (the variable keeps the data). */
function variableFrom(initial: tf.Tensor, trainable: boolean): tf.Variable {
  const variable = tf.variable(initial, trainable)
  initial.dispose()
  return variable
}

/** Static facts of every weighted layer, for the `layers` event. Pure. */
export function layerInfos(model: Model): LayerInfo[] {
  return model.plan.layers.map((l) => ({
    name: l.name,
    kind: l.kind,
    activation: l.activation,
    initializer: initializerLabel(l.initializer),
    batchNorm: l.batchNorm,
    dropout: l.dropout,
    fanIn: l.fanIn,
    units: l.units,
    outputShape: [...l.outputShape]
  }))
}

/** Every parameter downloaded as `<layer>/kernel`, `<layer>/bias`, `<layer>/gamma`, … */
export async function exportWeights(model: Model): Promise<NamedTensor[]> {
  const variables: { name: string; v: tf.Variable }[] = []
  const add = (name: string, v: tf.Variable) => variables.push({ name, v })
  model.plan.layers.forEach((layer, i) => {
    const p = model.params[i]!
    add(`${layer.name}/kernel`, p.kernel)
    add(`${layer.name}/bias`, p.bias)
    if (p.batchNorm) {
      add(`${layer.name}/gamma`, p.batchNorm.gamma)
      add(`${layer.name}/beta`, p.batchNorm.beta)
      add(`${layer.name}/moving_mean`, p.batchNorm.movingMean)
      add(`${layer.name}/moving_variance`, p.batchNorm.movingVariance)
    }
  })
  const out: NamedTensor[] = []
  for (const { name, v } of variables) {
    out.push({
      name,
      shape: [...v.shape],
      values: Float32Array.from((await v.data()) as Float32Array)
    })
  }
  return out
}

/** Disposes every variable of the model. Mutates: the model is unusable afterwards. */
export function disposeModel(model: Model): void {
  if (model.input) tf.dispose([model.input.mean, model.input.scale])
  for (const p of model.params) {
    p.kernel.dispose()
    p.bias.dispose()
    if (p.batchNorm) Object.values(p.batchNorm).forEach((v: tf.Variable) => v.dispose())
  }
}
