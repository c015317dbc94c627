/**
 * Findings about how a run ended: divergence (the loss became NaN or infinite) and overfitting
 * (a train/validation gap that opens while training continues). Pure.
 */
import type { EpochRecord } from '../../contract/runs/records'
import type { Finding } from '../../contract/runs/summary'
import {
  learningRate,
  num,
  pct,
  runUses,
  suggestionText,
  type DiagnosisInput
} from '../../contract/diagnosis/diagnosis-input'
import {
  OVERFIT_ACCURACY_GAP,
  OVERFIT_GAP_Z,
  OVERFIT_MIN_EPOCHS,
  OVERFIT_VAL_LOSS_PATIENCE,
  OVERFIT_VAL_LOSS_RISE
} from '../../contract/diagnosis/thresholds'
import { divergenceStep, firstNonFinite } from './causes/divergence'

/** Divergence: the loss stopped being a number. */
export function divergenceFindings(input: DiagnosisInput): Finding[] {
  const at = divergenceStep(input)
  const first = firstNonFinite(input)
  if (at === null || first === null) return []
  const before = input.steps.filter((s) => s.step < at && Number.isFinite(s.loss))
  const lastGood = before.at(-1)
  // Named only when its own recorded numbers went non-finite (never a layer that stayed finite).
  const layer = first.layer >= 0 ? (input.layers[first.layer]?.name ?? null) : null
  const lr = learningRate(input.config)
  const uses = runUses(input.layers)
  return [
    {
      code: 'divergence',
      severity: 'problem',
      layers: first.layer >= 0 ? [first.layer] : [],
      steps: [lastGood?.step ?? at, at],
      evidence:
        `The loss became non-finite at step ${at}` +
        (lastGood ? ` (last finite loss ${num(lastGood.loss)} at step ${lastGood.step})` : '') +
        (layer
          ? `; ${layer}'s ${first.what} were the first to go non-finite, at step ${first.step}.`
          : '; every layer\'s recorded statistics were still finite, so the loss itself overflowed.'),
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

/** Images per split of the run's data (0 when the run did not record them). */
function splitSize(input: DiagnosisInput, split: string): number {
  const counts = input.summary.dataset?.counts[split] ?? {}
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

/**
 * Standard error of a train - validation accuracy gap, each accuracy a binomial proportion over
 * its split's `nTrain` / `nVal` images: sqrt(p(1-p)/n) per split, added in quadrature. A split
 * of unknown size (0) adds nothing. Pure.
 */
export function gapStandardError(
  trainAcc: number,
  nTrain: number,
  valAcc: number,
  nVal: number
): number {
  const variance = (p: number, n: number) => (n > 0 ? (p * (1 - p)) / n : 0)
  return Math.sqrt(variance(trainAcc, nTrain) + variance(valAcc, nVal))
}

function lowestValLoss(epochs: readonly EpochRecord[]): EpochRecord {
  const first = epochs[0]
  if (first === undefined) throw new Error('lowestValLoss needs at least one epoch record.')
  return epochs.reduce((b, e) => (e.valLoss < b.valLoss ? e : b), first)
}

/**
 * Overfitting: a final train/validation accuracy gap that stays large at the low end of its noise,
 * or a validation loss that has stayed well above its best for OVERFIT_VAL_LOSS_PATIENCE epochs.
 */
export function overfittingFindings(input: DiagnosisInput): Finding[] {
  const epochs = input.epochs
  if (epochs.length < OVERFIT_MIN_EPOCHS) return []
  const last = epochs.at(-1)
  if (last === undefined) return []
  const gap = last.trainAcc - last.valAcc
  const nVal = splitSize(input, 'val')
  const se = gapStandardError(last.trainAcc, splitSize(input, 'train'), last.valAcc, nVal)
  const gapOpen = gap - OVERFIT_GAP_Z * se >= OVERFIT_ACCURACY_GAP
  // The best validation loss before the last PATIENCE epochs, and whether all of those stayed above it.
  const settled = epochs.slice(0, -OVERFIT_VAL_LOSS_PATIENCE)
  const bestBefore = settled.length > 0 ? lowestValLoss(settled) : null
  const lossRising =
    bestBefore !== null &&
    epochs
      .slice(-OVERFIT_VAL_LOSS_PATIENCE)
      .every((e) => e.valLoss >= bestBefore.valLoss * (1 + OVERFIT_VAL_LOSS_RISE)) &&
    last.trainLoss < bestBefore.trainLoss
  const best = lowestValLoss(epochs)
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
        `accuracy ${pct(last.valAcc)} (gap ${pct(gap)}` +
        (nVal > 0 ? ` ± ${pct(se)} for ${nVal} validation images` : '') +
        `); validation loss ${num(last.valLoss)} ` +
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
