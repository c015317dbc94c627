/**
 * How much of the model's input is one image shown over and over: the share of E[x²] that the
 * per-pixel mean image holds, measured on the training split after the run's normalization.
 * Raw pixels (all positive) or a centred object on a plain background give a large share; then
 * the inputs of every example point the same way, a layer's weight updates add up instead of
 * cancelling, and one step can move a unit's pre-activation for every example at once.
 */
import type { InputNormalization } from '../contract/runs/summary'
import type { Split } from './dataset'

/** Examples gathered per pass while summing (bounds the memory the statistics take). */
const CHUNK_FLOATS = 1 << 22

/**
 * Σ_p μ_p² / Σ_p E[x_p²] over every input value p (pixel × channel) of `split`, where x is the
 * normalized input (x - mean) / std (per channel, or per position for per-pixel) and μ_p its
 * mean over the split's examples. In [0, 1]:
 * 0 when every position averages 0, 1 when every example is the mean image. Float64 sums; reads
 * the split in chunks and does not mutate it. NaN for an empty split.
 */
export async function meanImageShare(
  split: Split,
  shape: readonly [number, number, number],
  normalization: InputNormalization
): Promise<number> {
  const [h, w, channels] = shape
  const size = h * w * channels
  const perChunk = Math.max(1, Math.floor(CHUNK_FLOATS / size))
  const buffer = new Float32Array(Math.min(perChunk, Math.max(split.count, 1)) * size)
  const sum = new Float64Array(size)
  const perPixel = normalization.mode === 'per-pixel'
  let sumSq = 0
  for (let start = 0; start < split.count; start += perChunk) {
    const n = Math.min(perChunk, split.count - start)
    const values = buffer.subarray(0, n * size)
    await split.gather(
      Int32Array.from({ length: n }, (_, k) => start + k),
      values
    )
    for (let i = 0; i < values.length; i++) {
      const p = i % size
      const s = perPixel ? p : p % channels
      const x = (values[i]! - normalization.mean[s]!) / normalization.std[s]!
      sum[p]! += x
      sumSq += x * x
    }
  }
  const n = split.count
  let meanSquares = 0
  for (let p = 0; p < size; p++) meanSquares += (sum[p]! / n) ** 2
  return meanSquares / (sumSq / n)
}
