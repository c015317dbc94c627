/**
 * Input normalization in words, for the Model view's choice and a run's data line: what each
 * mode does, and the per-channel mean and standard deviation a run used. Pure.
 */
import type { InputNormalization } from '../../../main/contract/runs/summary'

export type NormalizeMode = InputNormalization['mode']

/** What `mode` does to the pixels, in one line. */
export function modeWords(mode: NormalizeMode): string {
  switch (mode) {
    case 'standardize':
      return (
        'Each channel minus its mean, divided by its standard deviation, both measured once on ' +
        'the training split and cached with the decoded images: inputs centred at 0, as the ' +
        "lecture's variance formulas assume."
      )
    case 'per-pixel':
      return (
        'Each pixel minus its own mean over the training split (the mean image), divided by its ' +
        'own standard deviation: every input position centred at 0, so what all images share ' +
        '(a plain background, a centred object) is taken out; works for dense first layers ' +
        'and images of a fixed framing.'
      )
    case 'none':
      return (
        'Pixels as byte / 255, in [0, 1]: all positive and never centred, so a unit whose ' +
        'weights sum negative can be off for every image from the start (compare ' +
        'unnormalized-input with relu-he).'
      )
    default: {
      const never: never = mode
      throw new Error(`Unknown normalization ${String(never)}`)
    }
  }
}

// A run's normalization in words is shared with the report: main/contract/runs/data-words.ts.
export { normalizationWords, statsWords } from '../../../main/contract/runs/data-words'
