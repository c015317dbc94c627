/**
 * Input normalization in words, for the Model view's choice and a run's data line: what each
 * mode does, and the per-channel mean and standard deviation a run used. Pure.
 */
import type { InputNormalization } from '../../../main/contract/runs/summary'

export type NormalizeMode = InputNormalization['mode']

/** What `mode` does to the pixels, in one line. */
export function modeWords(mode: NormalizeMode): string {
  return mode === 'standardize'
    ? 'Each channel minus its mean, divided by its standard deviation, both measured once on ' +
        'the training split and cached with the decoded images: inputs centred at 0, as the ' +
        "lecture's variance formulas assume."
    : 'Pixels as byte / 255, in [0, 1]: all positive and never centred, so a unit whose ' +
        'weights sum negative can be off for every image from the start (compare ' +
        'unnormalized-input with relu-he).'
}

const fixed = (v: number) => v.toFixed(3)

/** "0.286" for one channel, "0.491 / 0.482 / 0.447 (R / G / B)" for three. */
function perChannel(values: readonly number[]): string {
  const text = values.map(fixed).join(' / ')
  return values.length === 3 ? `${text} (R / G / B)` : text
}

/** "mean 0.286, std 0.353" (per channel). */
export function statsWords(n: Pick<InputNormalization, 'mean' | 'std'>): string {
  return `mean ${perChannel(n.mean)}, std ${perChannel(n.std)}`
}

/** A run's normalization as its summary records it; older runs recorded none. */
export function normalizationWords(n: InputNormalization | undefined): string {
  if (!n) return 'not recorded (the run predates input normalization: pixels as byte / 255)'
  if (n.mode === 'none') return 'none (pixels as byte / 255, in [0, 1])'
  return `standardized per channel with the training split's ${statsWords(n)}`
}
