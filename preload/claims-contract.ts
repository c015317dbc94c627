/**
 * The claims check's part of the contract (channels `claims:start`, `claims:status`,
 * `claims:cancel`): what the UI gets back. Their request schemas sit in contract.ts with the
 * others. Types only.
 */
import type { ClaimsTableRow } from '../main/claims/claims-table'
import type { ClaimsStep } from '../main/app/claims-check/claims-messages'

export type { ClaimsTableRow, ClaimsStep }

/** A preset whose lecture claim the check tests, and the claim in one line. */
export interface ClaimPreset {
  preset: string
  statement: string
}

/** One claims check, running or ended. */
export interface ClaimsJob {
  jobId: number
  /** running, then done (every claim checked), failed (`error` says why) or cancelled. */
  phase: 'running' | 'done' | 'failed' | 'cancelled'
  /** The data checked, in words: "the bundled sample" or the folder's path. */
  data: string
  seeds: number[]
  /** The one preset checked; null: every preset with a claim. */
  preset: string | null
  /** The claim and seed being trained now; null before the first and once done. */
  step: ClaimsStep | null
  /**
   * The claims checked so far, each on every seed, as the table's rows (claim / check, seeds
   * passed, measured, needs, theory).
   */
  rows: ClaimsTableRow[]
  /** The same table as Markdown, exactly as `npm run claims` prints it. */
  markdown: string
  error: string | null
  startedAt: string
  endedAt: string | null
}

/** claims:status: which presets the check covers, and the running or last check. */
export interface ClaimsStatus {
  presets: ClaimPreset[]
  job: ClaimsJob | null
}
