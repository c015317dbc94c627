/**
 * Cause `input-scale`: the run fed unnormalized inputs (byte / 255, all positive), and the mean
 * image holds most of their E[x²] (DatasetSummary.meanImageShare): every example's input then
 * points the same way, so a unit whose weights sum negative is off for all of them, and each
 * update moves every example's pre-activation together. The fix standardizes the inputs per
 * channel, as the lecture's variance argument assumes (zero-mean inputs). A standardized run
 * with a large share is not this cause: what remains there is the step size (learning-rate). Pure.
 */
import { pct } from '../../../contract/diagnosis/diagnosis-input'
import { MEAN_IMAGE_SHARE_HIGH } from '../../../contract/diagnosis/thresholds'
import { candidate, type CauseRule } from './cause-input'

/** `input-scale` for a run with `data.normalize: none` whose mean image share is high (or unknown). */
export const inputScaleCause: CauseRule = (input) => {
  if (input.config.data.normalize !== 'none') return null
  const share = input.summary.dataset?.meanImageShare
  if (share !== undefined && !(share >= MEAN_IMAGE_SHARE_HIGH)) return null
  return candidate(
    'input-scale',
    share === undefined ? 'possible' : 'likely',
    'Unnormalized inputs (data.normalize is none: byte / 255, all positive)' +
      (share === undefined
        ? '.'
        : `: the per-pixel mean image holds ${pct(share)} of E[x²], so every example pushes a unit the same way.`),
    {
      layer: null,
      step: null,
      numbers: share === undefined ? {} : { meanImageShare: share, threshold: MEAN_IMAGE_SHARE_HIGH }
    },
    {
      changes: [{ path: 'data.normalize', value: 'standardize' }],
      why: 'Standardized inputs (each channel to mean 0 and standard deviation 1 on the training split) are centred, so updates from different examples no longer all point the same way.'
    }
  )
}
