/**
 * Makes the WebAssembly backend a training backend. Stock tfjs-backend-wasm 4.22 runs inference
 * well but cannot train a CNN (no Conv2DBackpropFilter kernel) and trains dense layers slowly
 * (transposed matrix products fall off XNNPACK). This registers, for the 'wasm' backend only:
 * - BatchMatMul and _FusedMatMul that transpose explicitly instead of passing flags,
 * - Conv2DBackpropFilter via im2col + one GEMM,
 * - Conv2DBackpropInput as an XNNPACK convolution with the rotated filter,
 * - MaxPoolGrad that keeps the gradient of windows whose values are all ≤ 0 (stock loses it),
 *   with 2×2 stride-2 pools in a SIMD loop,
 * - Sum and Mean over leading axes (conv bias gradients, batch-norm moments) in one pass,
 * - Identity and same-dtype Cast that share the input's data instead of copying it (tfjs clones
 *   every tensor a gradient saves, so stock wasm copied each activation on every step),
 * - TrainscapeBatchNormForward and TrainscapeBatchNormBackward, new kernels: training-mode batch
 *   norm in two passes each way instead of about twenty composed ops (main/engine/model/
 *   batch-norm.ts uses them when the active backend has them),
 * - TrainscapeAdamUpdate, TrainscapeSgdUpdate and TrainscapeMomentumUpdate, new kernels: one
 *   SIMD pass per variable for each optimizer's update (main/engine/trainer/fused-adam.ts and
 *   fused-momentum.ts use them when the active backend has them).
 * Other backends are untouched. The rest of a training step (Step for ReLU's gradient,
 * AvgPoolGrad, EluGrad, Softmax, test-mode batch norm) is stock, present and
 * checked against cpu in test/main/engine/backends/wasm-training.test.ts.
 */
import * as tf from '@tensorflow/tfjs'
import { makeConv2dFilterGrad } from './wasm-kernels/conv2d-filter-grad'
import { fastConv2dInputGrad } from './wasm-kernels/conv2d-input-grad'
import { maxPoolGrad } from './wasm-kernels/max-pool-grad'
import { sharedIdentity, sharedSameDtypeCast } from './wasm-kernels/share-data'
import { fastLeadingReduce } from './wasm-kernels/sum-leading-axes'
import { withoutTransposeFlags } from './wasm-kernels/matmul-without-transpose'
import { ADAM_UPDATE, adamUpdateKernel } from './wasm-kernels/adam-update'
import {
  BATCH_NORM_BACKWARD,
  BATCH_NORM_FORWARD,
  batchNormBackwardKernel,
  batchNormForwardKernel
} from './wasm-kernels/batch-norm'
import {
  MOMENTUM_UPDATE,
  momentumUpdateKernel,
  SGD_UPDATE,
  sgdUpdateKernel
} from './wasm-kernels/momentum-update'

/** Kernels this module replaced or added; used to keep installation idempotent. */
const installedKernels = new WeakSet<tf.KernelFunc>()

/** Replaces (or adds) the 'wasm' kernel `name`, wrapping the stock one if there is one. */
function replaceKernel(name: string, make: (stock: tf.KernelFunc | null) => tf.KernelFunc): void {
  const stock = tf.getKernel(name, 'wasm')
  if (stock != null && installedKernels.has(stock.kernelFunc)) return
  const kernelFunc = make(stock?.kernelFunc ?? null)
  installedKernels.add(kernelFunc)
  if (stock != null) tf.unregisterKernel(name, 'wasm')
  // Keep the stock setupFunc: it binds the C++ entry point each time the backend initializes.
  tf.registerKernel({ ...stock, kernelName: name, backendName: 'wasm', kernelFunc })
}

function requireStock(name: string, stock: tf.KernelFunc | null): tf.KernelFunc {
  if (stock == null) {
    throw new Error(
      `The wasm backend has no stock '${name}' kernel to speed up; expected @tensorflow/tfjs-backend-wasm 4.22.`
    )
  }
  return stock
}

/**
 * Registers the wasm training kernels listed above. Safe to call more than once; must run after
 * `@tensorflow/tfjs-backend-wasm` is imported (it registers the stock kernels). Mutates the
 * global tfjs kernel registry.
 */
export function installWasmTrainingKernels(): void {
  for (const name of [tf.BatchMatMul, tf._FusedMatMul]) {
    replaceKernel(name, (stock) => withoutTransposeFlags(requireStock(name, stock)))
  }
  replaceKernel(tf.Conv2DBackpropFilter, () => makeConv2dFilterGrad())
  replaceKernel(tf.Conv2DBackpropInput, (stock) =>
    fastConv2dInputGrad(requireStock(tf.Conv2DBackpropInput, stock))
  )
  replaceKernel(tf.MaxPoolGrad, () => maxPoolGrad)
  replaceKernel(tf.Sum, (stock) => fastLeadingReduce(requireStock(tf.Sum, stock), 'sum'))
  replaceKernel(tf.Mean, (stock) => fastLeadingReduce(requireStock(tf.Mean, stock), 'mean'))
  replaceKernel(tf.Identity, (stock) => sharedIdentity(requireStock(tf.Identity, stock)))
  replaceKernel(tf.Cast, (stock) => sharedSameDtypeCast(requireStock(tf.Cast, stock)))
  replaceKernel(BATCH_NORM_FORWARD, () => batchNormForwardKernel)
  replaceKernel(BATCH_NORM_BACKWARD, () => batchNormBackwardKernel)
  replaceKernel(ADAM_UPDATE, () => adamUpdateKernel)
  replaceKernel(SGD_UPDATE, () => sgdUpdateKernel)
  replaceKernel(MOMENTUM_UPDATE, () => momentumUpdateKernel)
}
