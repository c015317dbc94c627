/**
 * The end-of-run evaluation (evaluation.json): confusion matrices and per-class accuracy from the
 * validation pass after the last step (the very pass behind the run's final valAcc) and from the
 * test pass, and the gallery of misclassified validation images as PNG data URLs.
 */
import type { Split } from '../../data/dataset'
import { pngDataUrl, unitToBytes } from '../../data/png-data-url'
import {
  EVALUATION_FORMAT,
  GALLERY_PER_CLASS,
  GALLERY_TOTAL,
  type MisclassifiedImage,
  type RunEvaluation,
  type SplitEvaluation
} from '../../contract/runs/evaluation'
import {
  classCounts,
  confusionMatrix,
  overallAccuracy,
  perClassAccuracy,
  pickMisclassified
} from '../../contract/runs/confusion'
import type { Evaluation } from './evaluate'
import type { RunResources } from './run-resources'

/** Gallery images larger than this (pixels per edge) are shrunk to fit it. */
const THUMBNAIL_EDGE = 96

/**
 * The evaluation of a run whose last validation pass is `val` (and test pass `test`), after
 * `steps` steps; null when there was no validation pass or the split is empty.
 */
export async function finalEvaluation(
  s: RunResources,
  steps: number,
  val: Evaluation | null,
  test: Evaluation | null
): Promise<RunEvaluation | null> {
  if (!val || s.data.val.count === 0) return null
  const classes = s.data.classes.length
  const splits = [splitEvaluation('val', s.data.val, val, classes)]
  if (test && s.data.test && s.data.test.count > 0)
    splits.push(splitEvaluation('test', s.data.test, test, classes))
  const picked = pickMisclassified(
    s.data.val.labels,
    val.predicted,
    val.confidence,
    GALLERY_PER_CLASS,
    GALLERY_TOTAL
  )
  let wrong = 0
  for (let i = 0; i < s.data.val.count; i++) if (s.data.val.labels[i] !== val.predicted[i]) wrong++
  return {
    format: EVALUATION_FORMAT,
    classes: [...s.data.classes],
    step: steps,
    splits,
    misclassified: await gallery(s, val, picked),
    misclassifiedTotal: wrong
  }
}

function splitEvaluation(
  split: SplitEvaluation['split'],
  data: Split,
  evaluation: Evaluation,
  classes: number
): SplitEvaluation {
  const confusion = confusionMatrix(data.labels, evaluation.predicted, classes)
  return {
    split,
    confusion,
    counts: classCounts(confusion),
    perClassAccuracy: perClassAccuracy(confusion),
    accuracy: overallAccuracy(confusion)
  }
}

/** The picked validation examples as the net saw them, each a PNG with its classes. */
async function gallery(
  s: RunResources,
  val: Evaluation,
  picked: number[]
): Promise<MisclassifiedImage[]> {
  if (picked.length === 0) return []
  const [h, w, c] = s.data.inputShape
  const size = h * w * c
  const pixels = new Float32Array(picked.length * size)
  await s.data.val.gather(picked, pixels)
  return Promise.all(
    picked.map(async (index, k) => ({
      index,
      trueClass: s.data.val.labels[index]!,
      predictedClass: val.predicted[index]!,
      confidence: val.confidence[index]!,
      image: await pngDataUrl(
        unitToBytes(pixels.subarray(k * size, (k + 1) * size)),
        w,
        h,
        c === 1 ? 1 : 3,
        THUMBNAIL_EDGE
      )
    }))
  )
}
