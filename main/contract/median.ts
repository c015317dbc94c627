/**
 * The one median of the tree, and its two named variants: the lower median (a value that
 * occurs, such as an image size the folder really holds) and the median of the values that
 * are known (a benchmark whose failed runs are null). Every function skips values that are not
 * finite (a diverged ratio, a NaN from an empty layer) and never mutates its argument. Pure.
 */

/** Finite values of `values`, ascending; a new array. */
function finiteSorted(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => Number.isFinite(v)).sort((a, b) => a - b)
}

/**
 * The median of the finite values: the middle one, or the mean of the two middle ones when
 * their count is even; NaN when there are none. Does not mutate.
 */
export function median(values: readonly number[]): number {
  const sorted = finiteSorted(values)
  if (sorted.length === 0) return Number.NaN
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The lower median of the finite values: the middle one, or the smaller of the two middle ones
 * when their count is even, so the answer is always one of `values`; NaN when there are none.
 * Does not mutate.
 */
export function lowerMedian(values: readonly number[]): number {
  const sorted = finiteSorted(values)
  return sorted[(sorted.length - 1) >> 1] ?? Number.NaN
}

/** `median` of the known (non-null, finite) values; null, not NaN, when none is known. */
export function medianOfKnown(values: readonly (number | null)[]): number | null {
  const m = median(finiteSorted(values))
  return Number.isNaN(m) ? null : m
}
