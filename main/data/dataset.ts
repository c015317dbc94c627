/**
 * What the trainer needs from a data source, whatever it is (synthetic, bundled sample, a
 * user's folder, a streamed cache). Pure types.
 */
import type { DatasetSummary } from '../contract/runs/summary'

/** One split of examples. Images are NHWC float32 in [0, 1]. */
export interface Split {
  readonly count: number
  /** Class index of every example, in example order. */
  readonly labels: Int32Array
  /**
   * Writes the images of `indices` into `out` (length indices.length · h · w · c), in order.
   * May read from disk (a streamed split), hence async. Does not mutate `indices`.
   */
  gather(indices: ArrayLike<number>, out: Float32Array): Promise<void>
}

export interface ImageSet {
  readonly classes: readonly string[]
  /** [height, width, channels] */
  readonly inputShape: readonly [number, number, number]
  readonly train: Split
  readonly val: Split
  readonly test: Split | null
  readonly summary: DatasetSummary
}
