/**
 * The claims check's part of the contract (channels `claims:start`, `claims:status`,
 * `claims:cancel`): what the UI gets back. Their request schemas sit in contract.ts with the
 * others. Types and the seed schema.
 */
import { z } from 'zod'

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

/** Most seeds one check trains (each seed trains every claim's runs again). */
export const MAX_CLAIM_SEEDS = 10

/** A training seed, as training.seed takes it. */
export const claimSeedSchema = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(2 ** 31 - 1, 'must be below 2^31')

/** The seeds of one check: 1 to MAX_CLAIM_SEEDS of them, none twice. */
export const claimSeedsSchema = z
  .array(claimSeedSchema)
  .min(1, 'needs at least one seed')
  .max(MAX_CLAIM_SEEDS, `takes at most ${MAX_CLAIM_SEEDS} seeds`)
  .refine((seeds) => new Set(seeds).size === seeds.length, 'names a seed twice')

/**
 * Where a check stands: claim number `claim` of `claims` (from 1), trained on seed `seed`, the
 * `seedIndex`-th of `seeds`.
 */
export interface ClaimsStep {
  claim: number
  claims: number
  preset: string
  seed: number
  seedIndex: number
  seeds: number
}

/** One row of the claims table (a claim, one of its checks, or an error). */
export interface ClaimsTableRow {
  kind: 'claim' | 'check' | 'error'
  preset: string
  claim: string
  passed: number
  seeds: number
  measured: string
  needs: string
  theory: string
}
