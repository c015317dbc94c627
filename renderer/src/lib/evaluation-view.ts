/**
 * The end-of-run evaluation as the app draws it: the matrix's cells with their share of the row
 * (the shading), and the gallery's captions. Words come from main/contract/runs/evaluation-words.ts, the
 * same the report uses. Pure.
 */
import type {
  MisclassifiedImage,
  RunEvaluation,
  SplitEvaluation
} from '../../../main/contract/runs/evaluation'
import { classLabel, percentText } from '../../../main/contract/runs/evaluation-words'

export interface MatrixCell {
  count: number
  /** count ÷ examples of the row's true class (0 for an empty row). */
  share: number
  correct: boolean
  /** Hover text: `12 of 80 "shirt" predicted as "t-shirt" (15.0 %)`. */
  title: string
}

/** Rows of cells, true class by predicted class. Does not mutate. */
export function matrixCells(split: SplitEvaluation, classes: readonly string[]): MatrixCell[][] {
  return split.confusion.map((row, t) => {
    const n = split.counts[t] ?? 0
    return row.map((count, p) => {
      const share = n > 0 ? count / n : 0
      const what = p === t ? 'predicted correctly' : `predicted as "${classLabel(classes, p)}"`
      return {
        count,
        share,
        correct: p === t,
        title: `${count} of ${n} "${classLabel(classes, t)}" ${what} (${percentText(share)})`
      }
    })
  })
}

/** A cell's background: the accent colour, stronger the larger its share of the row. */
export function cellBackground(cell: MatrixCell): string {
  if (cell.count === 0) return 'transparent'
  const strength = Math.round(12 + 70 * cell.share)
  return `color-mix(in srgb, var(--accent) ${strength}%, transparent)`
}

export interface GalleryItem {
  key: number
  image: string
  truth: string
  predicted: string
  confidence: string
}

/** The gallery's images with their captions' parts. */
export function galleryItems(evaluation: RunEvaluation): GalleryItem[] {
  return evaluation.misclassified.map((m: MisclassifiedImage) => ({
    key: m.index,
    image: m.image,
    truth: classLabel(evaluation.classes, m.trueClass),
    predicted: classLabel(evaluation.classes, m.predictedClass),
    confidence: percentText(m.confidence)
  }))
}
