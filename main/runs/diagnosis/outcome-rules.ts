/**
 * Findings about how a run ended: divergence (the loss became NaN or infinite) and overfitting
 * (a train/validation gap that opens while training continues). Pure.
 */
import type { Finding } from '../summary'
import {
  learningRate,
  num,
  pct,
  runUses,
  suggestionText,
  type DiagnosisInput
} from './diagnosis-input'
import { OVERFIT_ACCURACY_GAP, OVERFIT_MIN_EPOCHS, OVERFIT_VAL_LOSS_RISE } from './thresholds'

/** The first step whose loss is not finite, or the summary's divergence step. */
function divergenceStep(input: DiagnosisInput): number | null {
  if (input.summary.divergedAt !== null) return input.summary.divergedAt
  const bad = input.steps.find((s) => !Number.isFinite(s.loss))
  return bad
    ? bad.step
    : input.summary.status === 'diverged'
      ? (input.steps.at(-1)?.step ?? 0)
      : null
}

/** Divergence: the loss stopped being a number. */
export function divergenceFindings(input: DiagnosisInput): Finding[] {
  const at = divergenceStep(input)
  if (at === null) return []
  const before = input.steps.filter((s) => s.step < at && Number.isFinite(s.loss))
  const lastGood = before.at(-1)
  const layer = input.summary.divergedLayer
  const layerIndex = layer === null ? -1 : input.layers.findIndex((l) => l.name === layer)
  const lr = learningRate(input.config)
  const uses = runUses(input.layers)
  return [
    {
      code: 'divergence',
      severity: 'problem',
      layers: layerIndex >= 0 ? [layerIndex] : [],
      steps: [lastGood?.step ?? at, at],
      evidence:
        `The loss became non-finite at step ${at}` +
        (lastGood ? ` (last finite loss ${num(lastGood.loss)} at step ${lastGood.step})` : '') +
        (layer ? `; ${layer} was the first layer whose statistics went non-finite.` : '.'),
      suggestion: suggestionText(
        [
          `a lower learning rate (now ${num(lr)}; e.g. ${num(lr / 10)})`,
          !uses.he && !uses.xavier && 'He/Xavier initialization instead of large random weights',
          !uses.batchNorm && 'batch norm before each activation'
        ],
        ''
      )
    }
  ]
}

/** Overfitting: a large final train/validation accuracy gap, or a rising validation loss. */
export function overfittingFindings(input: DiagnosisInput): Finding[] {
  const epochs = input.epochs
  if (epochs.length < OVERFIT_MIN_EPOCHS) return []
  const last = epochs.at(-1)
  if (last === undefined) return []
  const gap = last.trainAcc - last.valAcc
  const best = epochs.reduce((b, e) => (e.valLoss < b.valLoss ? e : b))
  const rise = (last.valLoss - best.valLoss) / best.valLoss
  const trainFell = last.trainLoss < best.trainLoss
  const gapOpen = gap >= OVERFIT_ACCURACY_GAP
  const lossRising = rise >= OVERFIT_VAL_LOSS_RISE && trainFell
  if (!gapOpen && !lossRising) return []
  const augmented = input.config.data.augmentation !== undefined
  const dropout = input.layers.some((l) => l.dropout > 0)
  return [
    {
      code: 'overfitting',
      severity: 'warning',
      layers: [],
      steps: [best.step, last.step],
      evidence:
        `After epoch ${last.epoch + 1} train accuracy is ${pct(last.trainAcc)} but validation ` +
        `accuracy ${pct(last.valAcc)} (gap ${pct(gap)}); validation loss ${num(last.valLoss)} ` +
        `against its best ${num(best.valLoss)} after epoch ${best.epoch + 1}, while train loss fell to ` +
        `${num(last.trainLoss)}.`,
      suggestion: suggestionText(
        [
          dropout ? 'more dropout' : 'dropout (e.g. 0.5) in the hidden layers',
          augmented ? 'stronger augmentation' : 'data augmentation (flips, rotations, shifts)',
          'more training images, or fewer epochs (stop near the best validation loss)'
        ],
        ''
      )
    }
  ]
}
