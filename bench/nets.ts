/**
 * The two nets the bench times, as RunConfig layer lists (for runTraining) and as a plain
 * tf.Sequential with a minimal training step (the raw engine speed, no instruments). Both match
 * bench/torch-reference.py: 28×28×1 input, 10 classes, batch 64, Adam 1e-3, softmax
 * cross-entropy, 'same' 3×3 convolutions.
 */
import * as tf from '@tensorflow/tfjs'
import type { LayerSpec } from '../main/contract/config/schema'

export type NetName = 'mlp' | 'cnn'
export const NET_NAMES: readonly NetName[] = ['mlp', 'cnn']
export const INPUT_SHAPE: [number, number, number] = [28, 28, 1]
export const CLASSES = 10
export const BATCH_SIZE = 64
export const LEARNING_RATE = 1e-3

/** Hidden layers of each net in RunConfig form (the output dense + softmax is implicit). */
export const NET_LAYERS: Record<NetName, LayerSpec[]> = {
  mlp: [{ type: 'flatten' }, dense(256), dense(128)],
  cnn: [
    conv(32),
    { type: 'maxPool', poolSize: 2, padding: 'valid' },
    conv(64),
    { type: 'maxPool', poolSize: 2, padding: 'valid' },
    { type: 'flatten' },
    dense(128)
  ]
}

function dense(units: number): LayerSpec {
  return {
    type: 'dense',
    units,
    activation: 'relu',
    leakySlope: 0.01,
    initializer: { type: 'he-normal' },
    batchNorm: false,
    dropout: 0
  }
}

function conv(filters: number): LayerSpec {
  return {
    type: 'conv2d',
    filters,
    kernelSize: 3,
    strides: 1,
    padding: 'same',
    activation: 'relu',
    leakySlope: 0.01,
    initializer: { type: 'he-normal' },
    batchNorm: false,
    dropout: 0
  }
}

/** The net as a tf.Sequential ending in logits (the loss applies the softmax). Caller disposes. */
export function buildPlainModel(name: NetName): tf.Sequential {
  const model = tf.sequential()
  model.add(tf.layers.inputLayer({ inputShape: INPUT_SHAPE }))
  if (name === 'cnn') {
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }))
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }))
    model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }))
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }))
  }
  model.add(tf.layers.flatten())
  for (const units of name === 'mlp' ? [256, 128] : [128]) {
    model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }))
  }
  model.add(tf.layers.dense({ units: CLASSES }))
  return model
}

/** A fixed random batch: x [64, 28, 28, 1] in [0, 1), one-hot y [64, 10]. Caller disposes. */
export function randomBatch(seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([BATCH_SIZE, ...INPUT_SHAPE], 0, 1, 'float32', seed) as tf.Tensor4D
    const labels = tf.randomUniform([BATCH_SIZE], 0, CLASSES, 'int32', seed + 1) as tf.Tensor1D
    return { x, y: tf.oneHot(labels, CLASSES).toFloat() as tf.Tensor2D }
  })
}

/**
 * Adam steps of `model` on the fixed (x, y): `step()` runs one and reads the loss back (so the
 * timing includes the work, as a real loop must). Mutates the model's weights; `dispose()`
 * frees the optimizer's moment variables.
 */
export function plainTrainer(
  model: tf.Sequential,
  x: tf.Tensor4D,
  y: tf.Tensor2D
): { step(): number; dispose(): void } {
  const optimizer = tf.train.adam(LEARNING_RATE)
  const logitsLoss = (): tf.Scalar =>
    tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar
  return {
    step() {
      const loss = optimizer.minimize(logitsLoss, true)
      const value = loss?.dataSync()[0] ?? NaN
      loss?.dispose()
      return value
    },
    dispose: () => optimizer.dispose()
  }
}
