/**
 * Cause `overfitting`: the net fits its training images better than it generalizes. Measured:
 * the last epoch's train and validation accuracy and the validation split's size (its noise).
 * No fix is proposed: dropout, augmentation and more images each help, by amounts only a run
 * can tell. Pure.
 */
import { pct } from '../../../contract/diagnosis/diagnosis-input'
import { candidate, type CauseRule } from './cause-input'

/** `overfitting` from the last epoch's accuracies. */
export const overfittingCause: CauseRule = (input) => {
  const last = input.epochs.at(-1)
  if (!last) return null
  const gap = last.trainAcc - last.valAcc
  return candidate(
    'overfitting',
    'likely',
    `The net fits its training images (${pct(last.trainAcc)}) better than it generalizes ` +
      `(${pct(last.valAcc)} on validation) after epoch ${last.epoch + 1}.`,
    {
      layer: null,
      step: last.step,
      numbers: { trainAcc: last.trainAcc, valAcc: last.valAcc, gap, valLoss: last.valLoss }
    }
  )
}
