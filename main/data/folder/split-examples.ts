/**
 * Stratified, seeded splitting: holds out the same fraction of every class for validation, and
 * caps the training examples per class for small-data demonstrations. Pure.
 */
import { makeDataRng, shuffleInPlace } from '../../random/seeded-random'

/**
 * Splits example ids grouped by class into train and validation: each class with n ≥ 2 examples
 * gives round(n · fraction) of them (at least 1, at most n − 1) to validation. Does not mutate
 * `byClass`; the result lists are in a seeded random order.
 */
export function stratifiedSplit(
  byClass: readonly (readonly number[])[],
  fraction: number,
  seed: number
): { train: number[][]; val: number[][] } {
  const random = makeDataRng(seed)
  const train: number[][] = []
  const val: number[][] = []
  for (const ids of byClass) {
    const shuffled = shuffleInPlace([...ids], random)
    const held =
      ids.length < 2 ? 0 : Math.min(ids.length - 1, Math.max(1, Math.round(ids.length * fraction)))
    val.push(shuffled.slice(0, held))
    train.push(shuffled.slice(held))
  }
  return { train, val }
}

/** At most `perClass` ids of every class, drawn with `seed`. Does not mutate `byClass`. */
export function capPerClass(
  byClass: readonly (readonly number[])[],
  perClass: number | undefined,
  seed: number
): number[][] {
  if (perClass === undefined) return byClass.map((ids) => [...ids])
  const random = makeDataRng(seed ^ 0x51f15e)
  return byClass.map((ids) =>
    shuffleInPlace([...ids], random)
      .slice(0, perClass)
      .sort((a, b) => a - b)
  )
}
