/**
 * Mini-batches: a seeded shuffled order per epoch, and a reader that gathers a batch of images
 * into one reused Float32Array before it becomes a tensor (no per-step image allocations).
 */
import * as tf from '@tensorflow/tfjs'
import type { Split } from '../../data/dataset'
import { deriveSeed, makeRng, shuffleInPlace } from '../../random/seeded-random'

/** Example order of epoch `epoch`: a permutation of 0..count-1 from (seed, epoch). Fresh array. */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(count)
  for (let i = 0; i < count; i++) order[i] = i
  return shuffleInPlace(order, makeRng(deriveSeed(seed, 3, epoch)))
}

/**
 * The batch of `order` that starts at `start`: `batchSize` indices. When fewer remain at the end
 * of an epoch, the batch is filled up from the start of the order (as PyTorch's
 * DistributedSampler pads), so every step sees a full batch: 449 images in batches of 64 would
 * otherwise end each epoch with a batch of one, whose batch-norm variance is 0 (pulling the
 * moving variance toward 0) and whose gradient is one example's. A split smaller than one batch
 * is one batch of all of it. Returns a view of `order` or a fresh array; does not mutate `order`.
 */
export function batchAt(order: Int32Array, start: number, batchSize: number): Int32Array {
  const end = start + batchSize
  if (end <= order.length || start === 0) return order.subarray(start, Math.min(end, order.length))
  const batch = new Int32Array(batchSize)
  batch.set(order.subarray(start))
  batch.set(order.subarray(0, end - order.length), order.length - start)
  return batch
}

export interface Batch {
  /** [n, h, w, c]; the caller disposes it. */
  x: tf.Tensor4D
  /** Class index per example, length n (a view into the reader's buffer: valid until the next read). */
  labels: Int32Array
}

/**
 * Most float32 values one batch buffer may hold (1 GiB). Beyond it the buffer either cannot be
 * allocated at all or is too large for the backend to take, failing with an unreadable message.
 */
export const MAX_BATCH_FLOATS = 2 ** 28

/** Reads batches of up to `capacity` examples of shape `inputShape` through one reused buffer. */
export class BatchReader {
  private readonly images: Float32Array
  private readonly labels: Int32Array
  private readonly size: number

  /** Throws a readable Error when a batch of `capacity` images would not fit MAX_BATCH_FLOATS. */
  constructor(
    private readonly inputShape: readonly [number, number, number],
    readonly capacity: number
  ) {
    this.size = inputShape[0] * inputShape[1] * inputShape[2]
    if (capacity * this.size > MAX_BATCH_FLOATS) {
      const gib = ((capacity * this.size * 4) / 2 ** 30).toFixed(1)
      throw new Error(
        `A batch of ${capacity} images of ${inputShape.join('×')} needs ${gib} GiB, more than ` +
          `the 1 GiB one batch may use; lower training.batchSize or model.inputShape.`
      )
    }
    this.images = new Float32Array(capacity * this.size)
    this.labels = new Int32Array(capacity)
  }

  /**
   * The examples `indices` of `split` (at most `capacity`). The tensor's values may share the
   * reader's buffer on the cpu backend, so dispose it before the next read.
   */
  async read(split: Split, indices: Int32Array): Promise<Batch> {
    const n = indices.length
    if (n > this.capacity)
      throw new Error(`A batch of ${n} exceeds the reader's capacity ${this.capacity}.`)
    const images = this.images.subarray(0, n * this.size)
    await split.gather(indices, images)
    for (let k = 0; k < n; k++) this.labels[k] = split.labels[indices[k]!]!
    const [h, w, c] = this.inputShape
    return { x: tf.tensor4d(images, [n, h, w, c]), labels: this.labels.subarray(0, n) }
  }
}
