/**
 * Training-mode batch norm on wasm: one forward and backward pass (the gradient of Σ y·w in h,
 * gamma and beta) of the cnn-batchnorm preset's first layer, [64, 28, 28, 32], through the
 * batch-norm kernels (main/engine/model/batch-norm.ts) and through the composed tfjs ops they
 * replace. Wall-clock milliseconds, median of the timed repetitions, and the ratio.
 */
import * as tf from '@tensorflow/tfjs'
import { median } from '../main/contract/median'
import { resolveBackend } from '../main/engine/backends/resolve'
import { batchNormComposed, batchNormTraining } from '../main/engine/model/batch-norm'

export interface BatchNormBench {
  shape: number[]
  kernelsMs: number
  composedMs: number
  /** composedMs / kernelsMs. */
  speedup: number
}

type BatchNorm = typeof batchNormTraining

const SHAPE = [64, 28, 28, 32]

/** Milliseconds of one forward + backward pass of `op`, median of `reps` after a warm-up. */
async function passMs(op: BatchNorm, reps: number): Promise<number> {
  const [h, w] = [tf.randomNormal(SHAPE, 0.5, 2, 'float32', 1), tf.randomNormal(SHAPE, 0, 1)]
  const [gamma, beta] = [tf.ones([SHAPE.at(-1)!]), tf.zeros([SHAPE.at(-1)!])]
  const loss = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Scalar =>
    tf.sum(tf.mul(op(x, g, b, 1e-3).y, w))
  const once = async (): Promise<number> => {
    const start = performance.now()
    const grads = tf.grads(loss)([h, gamma, beta])
    // A readback waits for the work (and is what training does after each step).
    await grads[0]!.data()
    const ms = performance.now() - start
    tf.dispose(grads)
    return ms
  }
  await once()
  const times: number[] = []
  for (let i = 0; i < reps; i++) times.push(await once())
  tf.dispose([h, w, gamma, beta])
  return median(times)
}

/** Kernels against composed ops, interleaved, on wasm with its default threads. */
export async function batchNormBench(scale: number): Promise<BatchNormBench> {
  await resolveBackend('wasm')
  const reps = Math.max(3, Math.round(10 * scale))
  const kernels: number[] = []
  const composed: number[] = []
  for (let round = 0; round < 3; round++) {
    kernels.push(await passMs(batchNormTraining, reps))
    composed.push(await passMs(batchNormComposed, reps))
  }
  const [kernelsMs, composedMs] = [median(kernels), median(composed)]
  return { shape: SHAPE, kernelsMs, composedMs, speedup: composedMs / kernelsMs }
}

/** The section's lines for the text report. */
export function batchNormLines(b: BatchNormBench | null): string[] {
  if (b === null) return []
  return [
    '',
    `batch norm in training, forward + backward of [${b.shape.join(', ')}] on wasm (wall-clock ms):`,
    `  kernels ${b.kernelsMs.toFixed(1)}; composed tfjs ops ${b.composedMs.toFixed(1)}; ${b.speedup.toFixed(1)}× faster`
  ]
}
