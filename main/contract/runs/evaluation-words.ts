/**
 * The end-of-run evaluation in words, shared by the app and the report so both say the same
 * thing: percentages, the largest confusions, how the gallery was chosen, and a cell's share of
 * its row (for shading). Pure; the report escapes what it gets.
 */
import { topConfusions } from './confusion'
import type { RunEvaluation, SplitEvaluation } from './evaluation'
import { FEW_IMAGES } from './baselines'
import type { AccuracyBaselines } from './summary'

export const SPLIT_TITLES = { val: 'Validation', test: 'Test' } as const

/** 0.912 → `91.2 %`; null or non-finite → `–`. */
export function percentText(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)} %`
}

/** The name of class `i`, or `class i` when the list does not have it. */
export function classLabel(classes: readonly string[], i: number): string {
  return classes[i] ?? `class ${i}`
}

/** `shirt taken for t-shirt (12); pullover taken for coat (9)`, or '' when nothing was confused. */
export function largestConfusions(
  split: SplitEvaluation,
  classes: readonly string[],
  n = 3
): string {
  return topConfusions(split.confusion, n)
    .map(
      (c) =>
        `${classLabel(classes, c.trueClass)} taken for ${classLabel(classes, c.predictedClass)} (${c.count})`
    )
    .join('; ')
}

/** Which images the gallery shows, in words. */
export function galleryNote(evaluation: RunEvaluation): string {
  const shown = evaluation.misclassified.length
  if (evaluation.misclassifiedTotal === 0)
    return 'None: every validation image was classified correctly.'
  const which =
    evaluation.misclassifiedTotal > shown
      ? `${shown} of ${evaluation.misclassifiedTotal} misclassified validation images, the most confident mistakes of each class in turn`
      : `All ${shown} misclassified validation images`
  return `${which}; the percentage is how sure the net was of its wrong answer.`
}

/** Cell [t][p]'s share of row t (0 for an empty row), for shading. */
export function rowShare(split: SplitEvaluation, t: number, p: number): number {
  const n = split.counts[t] ?? 0
  return n > 0 ? (split.confusion[t]?.[p] ?? 0) / n : 0
}

/**
 * Validation accuracy against what needs no learning: `Majority class 45.0 %, chance 16.7 %:
 * below always answering the largest class.` Null without baselines.
 */
export function baselineText(
  accuracy: number,
  baselines: AccuracyBaselines | null | undefined
): { text: string; beaten: boolean } | null {
  if (!baselines) return null
  const beaten = accuracy > baselines.majorityClass
  const levels = `majority class ${percentText(baselines.majorityClass)}, chance ${percentText(baselines.chance)}`
  return {
    beaten,
    text: beaten
      ? `Baselines: ${levels}; this beats always answering the largest class by ${(100 * (accuracy - baselines.majorityClass)).toFixed(1)} points.`
      : `Baselines: ${levels}; this does not beat always answering the largest class.`
  }
}

/** A per-class accuracy with its caveat when measured on fewer than FEW_IMAGES images. */
export function classAccuracyText(accuracy: number | null | undefined, images: number): string {
  const value = percentText(accuracy)
  return images > 0 && images < FEW_IMAGES ? `${value} (only ${images}; unreliable)` : value
}
