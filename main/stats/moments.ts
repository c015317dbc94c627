/**
 * Mean and population variance of the finite values of a flat array, by the corrected
 * two-pass algorithm (Björck; Chan, Golub & LeVeque 1983): pass one finds the mean, pass two
 * sums d = x - mean and d², and Var = (Σd² - (Σd)²/n) / n. The second term cancels the
 * rounding error of the mean, so the result stays accurate when the mean is large next to the
 * spread (a shifted array has the same variance), and a constant array gives exactly 0 (a sum
 * of n equal float32 values is exact in float64, so mean = x and every d is 0).
 * Float64 accumulators throughout.
 *
 * Speed: the common case has no NaN/Inf, so loops first run without per-value checks; a sum
 * of float32 values in float64 is finite exactly when every value is finite, so a non-finite
 * sum is the signal to rerun the loop skipping NaN/±Inf.
 */

/** Σd and Σd², d = x - mean, over all values (no finiteness checks). */
function centredSums(values: Float32Array, mean: number): [number, number] {
  let sumD = 0
  let sumD2 = 0
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean
    sumD += d
    sumD2 += d * d
  }
  return [sumD, sumD2]
}

/** Σd and Σd², d = x - mean, over the finite values only. */
function centredSumsOfFinite(values: Float32Array, mean: number): [number, number] {
  let sumD = 0
  let sumD2 = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) continue
    const d = v - mean
    sumD += d
    sumD2 += d * d
  }
  return [sumD, sumD2]
}

/**
 * Population variance of the finite values of `values` (any shape, flat), given their mean
 * and their count. NaN when count is 0. Does not mutate `values`.
 */
export function centredVariance(values: Float32Array, mean: number, count: number): number {
  if (count === 0) return NaN
  const [sumD, sumD2] =
    count === values.length ? centredSums(values, mean) : centredSumsOfFinite(values, mean)
  return Math.max(0, (sumD2 - (sumD * sumD) / count) / count)
}

/**
 * Mean, population variance and count of the finite values of `values` (any shape, flat);
 * mean and variance are NaN when there is no finite value. Does not mutate `values`.
 */
export function finiteMoments(values: Float32Array): {
  mean: number
  variance: number
  count: number
} {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  let count = values.length
  if (!Number.isFinite(sum)) {
    sum = 0
    count = 0
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (Number.isFinite(v)) {
        sum += v
        count++
      }
    }
  }
  const mean = count > 0 ? sum / count : NaN
  return { mean, variance: centredVariance(values, mean, count), count }
}
