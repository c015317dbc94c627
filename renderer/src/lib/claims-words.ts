/**
 * The claims check's form and progress in words: the seeds a person typed, where a running
 * check stands, and how an ended one came out. Pure.
 */
import type { ClaimsJob, ClaimsStep } from '../../../main/contract/ipc/claims'
import { countOf } from './count-words'

/** Most seeds one check takes (as the host's schema says). */
export const MAX_SEEDS = 10

/** "1, 2, 3" or "1 2 3" as seeds, or what is wrong with the text. */
export function parseSeeds(text: string): { seeds: number[] } | { error: string } {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '')
  if (parts.length === 0) return { error: 'Give at least one seed, e.g. 1, 2, 3.' }
  const bad = parts.find((p) => !/^\d{1,9}$/.test(p))
  if (bad !== undefined) return { error: `"${bad}" is not a seed: seeds are whole numbers ≥ 0.` }
  const seeds = parts.map(Number)
  if (new Set(seeds).size !== seeds.length) return { error: 'A seed is listed twice.' }
  if (seeds.length > MAX_SEEDS) return { error: `At most ${MAX_SEEDS} seeds at a time.` }
  return { seeds }
}

/** "claim 2 of 13 (tanh-deep), seed 1 (1 of 3)". */
export function stepLine(step: ClaimsStep): string {
  return (
    `claim ${step.claim} of ${step.claims} (${step.preset}), ` +
    `seed ${step.seed} (${step.seedIndex} of ${step.seeds})`
  )
}

/** Share of (claim, seed) pairs started before `step`, in [0, 1). */
export function stepFraction(step: ClaimsStep): number {
  return ((step.claim - 1) * step.seeds + step.seedIndex - 1) / (step.claims * step.seeds)
}

/** Claims `job` has checked, and of those the ones that held on every seed. */
export function claimCounts(job: ClaimsJob): { checked: number; held: number } {
  const claims = job.rows.filter((r) => r.kind === 'claim')
  return { checked: claims.length, held: claims.filter((r) => r.passed === r.seeds).length }
}

/** How an ended check came out, in one sentence; null while it runs. */
export function outcomeLine(job: ClaimsJob): string | null {
  const seeds = `seed${job.seeds.length === 1 ? '' : 's'} ${job.seeds.join(', ')}`
  const { checked, held: n } = claimCounts(job)
  const held = `${n} of ${countOf(checked, 'claim')} held on every seed`
  switch (job.phase) {
    case 'running':
      return null
    case 'done':
      return `Checked on ${job.data}, ${seeds}: ${held}.`
    case 'cancelled':
      return checked === 0
        ? 'Cancelled before the first claim was checked.'
        : `Cancelled: ${held} so far.`
    case 'failed':
      return `The check failed: ${job.error ?? 'no reason given'}`
    default: {
      const never: never = job.phase
      throw new Error(`Unknown phase ${String(never)}`)
    }
  }
}
