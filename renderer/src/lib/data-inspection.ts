/**
 * The Data view's background decode, as plain functions: which request a source and a
 * validated config make (only what changes the decoded images or the splits), when a new one is
 * needed, and the progress and image-size lines a person reads.
 */
import type { RunConfig } from '../../../main/contract/config/schema'
import type { DataInspection, ImageSource, RequestOf } from '../../../main/contract/ipc/contract'

export type InspectRequest = RequestOf<'data:inspect'>

/** The request that decodes `source` as a run of `config` would. Does not mutate. */
export function inspectRequest(source: ImageSource, config: RunConfig): InspectRequest {
  const { resize, validationSplit, trainPerClass } = config.data
  return {
    source,
    ...(config.model.inputShape ? { inputShape: [...config.model.inputShape] } : {}),
    data: { resize, validationSplit, ...(trainPerClass ? { trainPerClass } : {}) },
    seed: config.training.seed
  }
}

/** Equal keys decode the same images into the same splits. */
export const requestKey = (request: InspectRequest): string => JSON.stringify(request)

/** True while the job still works (polling continues). */
export const isWorking = (s: DataInspection | null): boolean =>
  s !== null && (s.phase === 'looking' || s.phase === 'decoding')

/** "Decoding 1,204 of 4,002 files (3 skipped so far)…" and the like. */
export function progressLine(s: DataInspection): string {
  const n = (v: number) => v.toLocaleString('en-US')
  const { scanned, decoded, skipped, total } = s.progress
  if (s.phase === 'looking')
    return total === null
      ? `Listing files… ${n(scanned)} found`
      : `Looking at image sizes and colour in ${n(total)} files…`
  if (s.phase === 'decoding')
    return `Decoding ${n(decoded + skipped)} of ${n(total ?? 0)} files (${n(skipped)} skipped so far)…`
  if (s.phase === 'failed') return s.error ?? 'Decoding failed.'
  if (s.phase === 'cancelled') return 'Cancelled: a newer choice replaced it.'
  return `Decoded ${n(decoded + skipped)} files: ${n(decoded)} usable, ${n(skipped)} skipped.`
}

/** Fraction done in [0, 1] for a progress bar; null while the total is unknown. */
export function progressFraction(s: DataInspection): number | null {
  const { decoded, skipped, total } = s.progress
  if (s.phase === 'done') return 1
  if (s.phase !== 'decoding' || !total) return null
  return Math.min(1, (decoded + skipped) / total)
}

/** Usable images per split (train, val, test) in the summary's counts. Does not mutate. */
export function splitSizes(counts: Record<string, Record<string, number>>): [string, number][] {
  return Object.entries(counts).map(([split, byClass]) => [
    split,
    Object.values(byClass).reduce((a, b) => a + b, 0)
  ])
}
