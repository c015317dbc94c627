/**
 * Batch norm's arithmetic for the forward pass. In training mode it normalizes with the batch's
 * own per-channel moments: on the wasm backend through the two batch-norm kernels
 * (main/engine/backends/wasm-kernels/batch-norm.ts, with the gradient registered here), on
 * every other backend composed from tfjs ops, which autodiff differentiates. Same results.
 */
import * as tf from '@tensorflow/tfjs'
import {
  BATCH_NORM_BACKWARD,
  BATCH_NORM_FORWARD,
  type BatchNormAttrs
} from '../backends/wasm-kernels/batch-norm'
import { runEngineKernel } from '../backends/tfjs-internals'

/** y = (h − mean) · gamma / √(variance + ε) + beta, broadcast over the last axis. */
export function normalize(
  h: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number
): tf.Tensor {
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon)))
  return tf.add(tf.mul(tf.sub(h, mean), scale), beta)
}

/**
 * batchNormTraining composed from tfjs ops (moments, then normalize), which autodiff
 * differentiates: the path of every backend without the kernels, and the bench's baseline.
 */
export function batchNormComposed(
  h: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = Array.from({ length: h.rank - 1 }, (_, i) => i)
  const { mean, variance } = tf.moments(h, axes)
  return { y: normalize(h, mean, variance, gamma, beta, epsilon), mean, variance }
}

/**
 * Training-mode batch norm of `h` [..., C]: its per-channel batch mean and (biased) variance
 * over every axis but the last, and the normalized `y`. Differentiable in h, gamma and beta.
 */
export function batchNormTraining(
  h: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number
): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  if (tf.getKernel(BATCH_NORM_FORWARD, tf.getBackend()) == null)
    return batchNormComposed(h, gamma, beta, epsilon)
  registerGradientOnce()
  const attrs: BatchNormAttrs = { epsilon }
  const inputs = { x: h, gamma, beta }
  const [y, mean, variance] = runEngineKernel(
    BATCH_NORM_FORWARD,
    inputs,
    attrs as unknown as tf.NamedAttrMap
  ) as [tf.Tensor, tf.Tensor, tf.Tensor]
  return { y, mean, variance }
}

/** The gradient of the forward kernel: one backward kernel call gives dx, dgamma and dbeta. */
function registerGradientOnce(): void {
  if (tf.getGradient(BATCH_NORM_FORWARD) != null) return
  tf.registerGradient({
    kernelName: BATCH_NORM_FORWARD,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]
      // The moments feed only the moving averages, never the loss: only y's gradient counts.
      const dyY = Array.isArray(dy) ? dy[0]! : dy
      // Computed here, not inside the closures: tfjs runs each closure in its own tidy, which
      // would dispose the two outputs that closure does not return.
      const [dx, dgamma, dbeta] = tf
        .engine()
        .runKernel(BATCH_NORM_BACKWARD, { dy: dyY, x, mean, variance, gamma }, attrs) as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor
      ]
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta }
    }
  })
}
