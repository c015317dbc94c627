/**
 * Augmentation preview: N augmented versions of a few chosen images, as plain pixel arrays the
 * CLI writes as PNG files and the UI draws. Only typed arrays leave this module.
 */
import * as tf from '@tensorflow/tfjs'
import type { AugmentationSpec } from '../../contract/config/schema'
import { augmentBatch } from './augment'

/**
 * `copies` augmented versions of `count` images (`pixels`: NHWC float32 [0, 1], count × h × w × c).
 * Version k uses seed + k. Returns `copies` fresh arrays of the same layout. Does not mutate.
 */
export function previewAugmentations(
  pixels: Float32Array,
  count: number,
  shape: readonly [number, number, number],
  spec: AugmentationSpec,
  copies: number,
  seed: number
): Float32Array[] {
  const [h, w, c] = shape
  const images = tf.tensor4d(pixels, [count, h, w, c])
  try {
    return Array.from({ length: copies }, (_, k) => {
      const out = augmentBatch(images, spec, seed + k)
      const values = out.dataSync() as Float32Array
      out.dispose()
      return Float32Array.from(values)
    })
  } finally {
    images.dispose()
  }
}
