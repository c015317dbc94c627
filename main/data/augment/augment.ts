/**
 * On-the-fly augmentation of a training batch with tensor ops: random flips, rotation,
 * translation and zoom (one bilinear affine warp; pixels beyond the edge repeat the edge), then
 * brightness, contrast, saturation and hue shifts, clipped to [0, 1]. Seeded: the same seed gives
 * the same batch on every backend.
 */
import * as tf from '@tensorflow/tfjs'
import type { AugmentationSpec } from '../../contract/config/schema'
import {
  drawBatch,
  hasColour,
  hasGeometry,
  hueMatrices,
  transformRows,
  type ExampleDraw
} from './augment-draws'

const column = (draws: readonly ExampleDraw[], pick: (d: ExampleDraw) => number): tf.Tensor4D =>
  tf.tensor4d(Float32Array.from(draws, pick), [draws.length, 1, 1, 1])

function warp(images: tf.Tensor4D, draws: readonly ExampleDraw[]): tf.Tensor4D {
  const [n, h, w] = images.shape
  const rows = tf.tensor2d(transformRows(draws, w, h), [n, 8])
  if (tf.getBackend() !== 'cpu' || n === 1) {
    return tf.image.transform(images, rows, 'bilinear', 'nearest', 0, [h, w])
  }
  // tfjs-backend-cpu 4.22's Transform kernel returns after the first example of a batch (the
  // rest stay at the fill value), so on cpu each example is warped on its own.
  const one = (i: number) =>
    tf.image.transform(tf.slice(images, i, 1), tf.slice(rows, i, 1), 'bilinear', 'nearest', 0, [
      h,
      w
    ])
  return tf.concat(Array.from({ length: n }, (_, i) => one(i)))
}

function recolour(
  images: tf.Tensor4D,
  draws: readonly ExampleDraw[],
  spec: AugmentationSpec
): tf.Tensor4D {
  const [n, h, w, c] = images.shape
  let x: tf.Tensor4D = images
  if (spec.brightness > 0)
    x = tf.add(
      x,
      column(draws, (d) => d.brightness)
    )
  if (spec.contrast > 0) {
    const mean = tf.mean(x, [1, 2], true)
    x = tf.add(
      tf.mul(
        tf.sub(x, mean),
        column(draws, (d) => d.contrast)
      ),
      mean
    )
  }
  if (c === 3 && spec.saturation > 0) {
    const grey = tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), 3, true)
    x = tf.add(
      grey,
      tf.mul(
        tf.sub(x, grey),
        column(draws, (d) => d.saturation)
      )
    )
  }
  if (c === 3 && spec.hue > 0) {
    const matrices = tf.tensor3d(hueMatrices(draws), [n, 3, 3])
    x = tf.matMul(tf.reshape(x, [n, h * w, 3]), matrices, false, true).reshape([n, h, w, 3])
  }
  return tf.clipByValue(x, 0, 1)
}

/**
 * A randomly augmented copy of `images` (NHWC float32 in [0, 1]) drawn from `seed` (use a
 * different seed per batch, e.g. derived from the step). Runs inside tf.tidy; returns a new
 * tensor the caller disposes; `images` is not mutated or disposed. Grayscale batches ignore
 * saturation and hue.
 */
export function augmentBatch(
  images: tf.Tensor4D,
  spec: AugmentationSpec,
  seed: number
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = images.shape
    const draws = drawBatch(n, spec, seed, w, h)
    let x: tf.Tensor4D = hasGeometry(spec) ? warp(images, draws) : images
    if (hasColour(spec)) x = recolour(x, draws, spec)
    return x === images ? tf.clone(images) : x
  })
}
