/**
 * Accuracy that means nothing, and class balance: the two baselines a run's accuracy must beat
 * (guessing uniformly; always answering the largest class) from a dataset's class counts, and
 * the ratio of the largest to the smallest training class. Pure.
 */
import type { AccuracyBaselines, DatasetSummary } from './summary'

/** Largest over smallest training class above this is named as imbalance (view and finding). */
export const IMBALANCE_RATIO = 5

/** Per-class accuracy measured on fewer images than this is shown with its count and a caveat. */
export const FEW_IMAGES = 10

type Counts = DatasetSummary['counts']

function total(split: Record<string, number> | undefined): number {
  return Object.values(split ?? {}).reduce((a, b) => a + b, 0)
}

/**
 * Chance (1 / classes) and the largest class's share of the validation split (of the training
 * split when validation is empty); null with no classes or no images. Does not mutate.
 */
export function accuracyBaselines(
  classes: readonly string[],
  counts: Counts
): AccuracyBaselines | null {
  const split = total(counts['val']) > 0 ? counts['val'] : counts['train']
  const n = total(split)
  if (classes.length === 0 || n === 0 || !split) return null
  const largest = Math.max(...classes.map((c) => split[c] ?? 0))
  return { chance: 1 / classes.length, majorityClass: largest / n }
}

/** The dataset summary with its baselines filled in (a new object). */
export function withBaselines(dataset: DatasetSummary): DatasetSummary {
  const baselines = accuracyBaselines(dataset.classes, dataset.counts)
  return baselines ? { ...dataset, baselines } : dataset
}

/** The largest class of a split: its name and share; null for an empty split. */
export function majorityClass(
  classes: readonly string[],
  split: Record<string, number> | undefined
): { name: string; share: number } | null {
  const n = total(split)
  if (n === 0 || !split) return null
  const name = classes.reduce((a, c) => ((split[c] ?? 0) > (split[a] ?? 0) ? c : a), classes[0]!)
  return { name, share: (split[name] ?? 0) / n }
}

export interface Imbalance {
  largest: { name: string; count: number }
  smallest: { name: string; count: number }
  /** largest / smallest (Infinity when a class has no training image). */
  ratio: number
}

/** Largest and smallest class of the training split; null with fewer than two classes. */
export function classImbalance(classes: readonly string[], counts: Counts): Imbalance | null {
  const train = counts['train'] ?? {}
  if (classes.length < 2) return null
  const sized = classes.map((name) => ({ name, count: train[name] ?? 0 }))
  const largest = sized.reduce((a, b) => (b.count > a.count ? b : a))
  const smallest = sized.reduce((a, b) => (b.count < a.count ? b : a))
  return { largest, smallest, ratio: largest.count / smallest.count }
}
