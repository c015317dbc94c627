/**
 * The forward pass, hand-rolled on tfjs ops so every intermediate is reachable: for each
 * weighted layer pre = W x + b, optional batch norm (preNorm), activation (post), then dropout.
 * Training mode normalizes with batch moments and drops units with seeded masks (inverted
 * scaling by 1/keep); test mode uses the moving statistics and keeps every unit.
 */
import * as tf from '@tensorflow/tfjs'
import { batchNormTraining, normalize } from './batch-norm'
import type { LayerParams, Model } from './model'
import type { Stage, WeightedPlan } from '../../contract/model/plan'
import { deriveSeed } from '../../random/seeded-random'

export type ForwardMode = { training: false } | { training: true; seed: number }

/** The intermediates of one weighted layer, handed to a trace while they are alive. */
export interface LayerTensors {
  /** The layer's input after any implicit flatten (what the weights multiply). */
  input: tf.Tensor
  pre: tf.Tensor
  preNorm: tf.Tensor | null
  post: tf.Tensor
}

/**
 * Optional observers of a forward pass. Tensors passed in are owned by the pass: observers read
 * them synchronously or `tf.keep` what they must hold on to (and dispose it later).
 */
export interface ForwardTrace {
  layer?(index: number, tensors: LayerTensors): void
  batchMoments?(index: number, mean: tf.Tensor, variance: tf.Tensor): void
  dropoutMask?(index: number, mask: tf.Tensor): void
}

/**
 * Logits [batch, classes] of images x [batch, h, w, c] in [0, 1], standardized first when the
 * model says so (so every kind of batch is normalized alike). Call inside `tf.tidy` (or a gradient
 * function): every intermediate is left to the caller's scope. Does not mutate the model.
 */
export function forward(
  model: Model,
  x: tf.Tensor4D,
  mode: ForwardMode,
  trace?: ForwardTrace
): tf.Tensor2D {
  let h: tf.Tensor = model.input ? tf.mul(tf.sub(x, model.input.mean), model.input.scale) : x
  for (const stage of model.plan.stages) h = applyStage(model, stage, h, mode, trace)
  return h as tf.Tensor2D
}

function applyStage(
  model: Model,
  stage: Stage,
  x: tf.Tensor,
  mode: ForwardMode,
  trace?: ForwardTrace
): tf.Tensor {
  switch (stage.type) {
    case 'flatten':
      return tf.reshape(x, [x.shape[0], -1])
    case 'pool': {
      const pool = stage.op === 'max' ? tf.maxPool : tf.avgPool
      return pool(x as tf.Tensor4D, stage.poolSize, stage.strides, stage.padding)
    }
    case 'weighted':
      return weightedLayer(model, stage.layer, x, mode, trace)
    default: {
      const never: never = stage
      throw new Error(`Unknown stage ${JSON.stringify(never)}`)
    }
  }
}

function weightedLayer(
  model: Model,
  index: number,
  x: tf.Tensor,
  mode: ForwardMode,
  trace?: ForwardTrace
): tf.Tensor {
  const layer = model.plan.layers[index]!
  const params = model.params[index]!
  const input = layer.flattenBefore ? tf.reshape(x, [x.shape[0]!, -1]) : x
  const fused = model.activations[index]!.fused
  // Nobody looks at `pre` and nothing sits between it and the activation: one fused kernel.
  // Not for the first layer in training: its input needs no gradient, but the gradient of a
  // fused op (tfjs fuses only 'linear' while recording) computes one anyway.
  const post =
    fused && !params.batchNorm && !trace?.layer && !(mode.training && index === 0)
      ? affine(layer, input, params, fused)
      : unfusedLayer(model, index, input, mode, trace)
  if (!mode.training || layer.dropout === 0) return post
  return dropout(post, layer.dropout, deriveSeed(mode.seed, 2, index), (m) =>
    trace?.dropoutMask?.(index, m)
  )
}

/** pre = W x + b, batch norm when the layer has it, then the activation; traced. */
function unfusedLayer(
  model: Model,
  index: number,
  input: tf.Tensor,
  mode: ForwardMode,
  trace?: ForwardTrace
): tf.Tensor {
  const layer = model.plan.layers[index]!
  const params = model.params[index]!
  const pre =
    mode.training && index === 0
      ? plainAffine(layer, input, params)
      : affine(layer, input, params, 'linear')
  let preNorm: tf.Tensor | null = null
  const bn = params.batchNorm
  if (bn) {
    const eps = model.spec.batchNormEpsilon
    if (mode.training) {
      const { y, mean, variance } = batchNormTraining(pre, bn.gamma, bn.beta, eps)
      trace?.batchMoments?.(index, mean, variance)
      preNorm = y
    } else {
      preNorm = normalize(pre, bn.movingMean, bn.movingVariance, bn.gamma, bn.beta, eps)
    }
  }
  const post = model.activations[index]!.apply(preNorm ?? pre)
  trace?.layer?.(index, { input, pre, preNorm, post })
  return post
}

/**
 * The bias a layer adds before its activation: none with batch norm, whose bias stays 0 (see
 * LayerParams), so no op computes it or its gradient.
 */
function biasOf({ bias, batchNorm }: LayerParams): tf.Tensor | undefined {
  return batchNorm ? undefined : bias
}

/** W x + b (dense) or conv(x, W) + b, with a fused activation. */
function affine(
  layer: WeightedPlan,
  x: tf.Tensor,
  params: LayerParams,
  activation: 'linear' | 'relu'
): tf.Tensor {
  const [kernel, bias] = [params.kernel, biasOf(params)]
  if (layer.conv) {
    const { strides, padding } = layer.conv
    return tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: kernel as tf.Tensor4D,
      strides,
      pad: padding,
      bias,
      activation
    })
  }
  return tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation })
}

/**
 * W x + b (dense) or conv(x, W) + b as separate ops: their gradients are computed per input
 * only when asked for, so no gradient of `x` is made when nothing upstream is trained.
 */
function plainAffine(layer: WeightedPlan, x: tf.Tensor, params: LayerParams): tf.Tensor {
  const [kernel, bias] = [params.kernel, biasOf(params)]
  const product = layer.conv
    ? tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, layer.conv.strides, layer.conv.padding)
    : tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D)
  return bias ? tf.add(product, bias) : product
}

/** Inverted dropout: keeps each value with probability 1 - rate and scales kept ones by 1/keep. */
function dropout(
  x: tf.Tensor,
  rate: number,
  seed: number,
  onMask: (mask: tf.Tensor) => void
): tf.Tensor {
  const keep = 1 - rate
  const mask = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed), keep), 'float32')
  onMask(mask)
  return tf.mul(x, tf.mul(mask, 1 / keep))
}
