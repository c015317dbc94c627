/**
 * Input normalization: each channel's (standardize) or each input position's (per-pixel) mean
 * and standard deviation over the training split (never validation or test, which must stay
 * unseen), and the ImageSet that records them. The model applies (x - mean) / std to every batch
 * it sees, so training, validation, test and probe batches are normalized alike and
 * augmentation still works on [0, 1] pixels before it.
 */
import type { InputNormalization } from '../contract/runs/summary'
import type { ImageSet, Split } from './dataset'
import { meanImageShare } from './mean-image'

export type NormalizeMode = InputNormalization['mode']

/** Examples gathered per pass while summing (bounds the memory the statistics take). */
const CHUNK_FLOATS = 1 << 22

/**
 * A channel whose training pixels never vary (all black, say) has std 0; dividing by it would
 * blow any other value up. One grey level (1/255) is the smallest difference a pixel can show.
 */
export const MIN_STD = 1 / 255

/** The transform that leaves byte / 255 as it is. Pure. */
export function identityNormalization(channels: number): InputNormalization {
  return { mode: 'none', mean: Array(channels).fill(0), std: Array(channels).fill(1) }
}

/**
 * Per-channel mean and standard deviation of every pixel of `split` (images [h, w, c] in
 * [0, 1]), in float64. Reads the split in chunks; does not mutate it.
 */
export async function channelStats(
  split: Split,
  channels: number,
  pixelsPerImage: number
): Promise<{ mean: number[]; std: number[] }> {
  return periodicMoments(split, pixelsPerImage * channels, channels, split.count * pixelsPerImage)
}

/**
 * Mean and standard deviation of every input position (pixel × channel, row-major [h, w, c])
 * over the examples of `split`, `size` = h · w · c values each, in float64; a position that never
 * varies gets MIN_STD. The mean is the split's mean image. Reads the split in chunks; does not
 * mutate it.
 */
export async function pixelStats(
  split: Split,
  size: number
): Promise<{ mean: number[]; std: number[] }> {
  return periodicMoments(split, size, size, split.count)
}

/**
 * Mean and standard deviation (at least MIN_STD) of the values of `split` (`size` values an example)
 * grouped by value index modulo `period`, each group holding `count` values, in float64. Reads
 * the split in chunks; does not mutate it.
 */
async function periodicMoments(
  split: Split,
  size: number,
  period: number,
  count: number
): Promise<{ mean: number[]; std: number[] }> {
  const perChunk = Math.max(1, Math.floor(CHUNK_FLOATS / size))
  const buffer = new Float32Array(Math.min(perChunk, Math.max(split.count, 1)) * size)
  const sum = new Float64Array(period)
  const sumSq = new Float64Array(period)
  for (let start = 0; start < split.count; start += perChunk) {
    const n = Math.min(perChunk, split.count - start)
    const indices = Int32Array.from({ length: n }, (_, k) => start + k)
    const values = buffer.subarray(0, n * size)
    await split.gather(indices, values)
    for (let i = 0; i < values.length; i++) {
      const g = i % period
      const v = values[i]!
      sum[g]! += v
      sumSq[g]! += v * v
    }
  }
  const n = Math.max(count, 1)
  const mean = Array.from(sum, (s) => s / n)
  const std = Array.from(sumSq, (s, g) =>
    Math.max(MIN_STD, Math.sqrt(Math.max(0, s / n - mean[g]! ** 2)))
  )
  return { mean, std }
}

/** The normalization `mode` asks for on `set`, computed from its training split only. */
export async function normalizationOf(
  set: Pick<ImageSet, 'train' | 'inputShape'>,
  mode: NormalizeMode
): Promise<InputNormalization> {
  const [h, w, c] = set.inputShape
  if (mode === 'none') return identityNormalization(c)
  if (mode === 'per-pixel') return { mode, ...(await pixelStats(set.train, h * w * c)) }
  return { mode, ...(await channelStats(set.train, c, h * w)) }
}

/**
 * `set` with `normalization` and the training split's mean-image share under it recorded in
 * its summary (a new object; `set` is not mutated). Reads the training split once more.
 */
export async function withNormalization<S extends ImageSet>(
  set: S,
  normalization: InputNormalization
): Promise<S> {
  const share = await meanImageShare(set.train, set.inputShape, normalization)
  return {
    ...set,
    summary: {
      ...set.summary,
      normalization,
      ...(Number.isFinite(share) ? { meanImageShare: share } : {})
    }
  }
}
