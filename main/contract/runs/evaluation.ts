/**
 * evaluation.json (format 1): how the trained net classifies, computed once at the end of a run
 * on the validation split (and the test split when there is one): the confusion matrix, the
 * accuracy of each class, and a bounded gallery of misclassified validation images. Pure types.
 */
export const EVALUATION_FORMAT = 1

/** The gallery keeps at most this many images per true class, and this many in all. */
export const GALLERY_PER_CLASS = 8
export const GALLERY_TOTAL = 48

export interface SplitEvaluation {
  split: 'val' | 'test'
  /** confusion[t][p]: examples of true class t predicted as class p (classes in run order). */
  confusion: number[][]
  /** Examples of each true class (the rows' sums). */
  counts: number[]
  /** Correct ÷ examples for each true class; null for a class with no examples in this split. */
  perClassAccuracy: (number | null)[]
  /** Correct ÷ all examples (equals the run's final accuracy on this split). */
  accuracy: number
}

export interface MisclassifiedImage {
  /** Index of the example in the validation split (the run's seeded split order). */
  index: number
  trueClass: number
  predictedClass: number
  /** The softmax probability the net gave its (wrong) prediction. */
  confidence: number
  /** The image as the net saw it, as a PNG data URL (`data:image/png;base64,…`). */
  image: string
}

export interface RunEvaluation {
  format: typeof EVALUATION_FORMAT
  classes: string[]
  /** Optimizer steps taken when it was computed (the run's last step + 1). */
  step: number
  /** Validation first, then test when the data has a test split. */
  splits: SplitEvaluation[]
  /** Most confident mistakes first within each class, classes taken in turn. */
  misclassified: MisclassifiedImage[]
  /** Misclassified validation examples in all (the gallery shows at most GALLERY_TOTAL). */
  misclassifiedTotal: number
}
