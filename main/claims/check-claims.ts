/**
 * Checks preset claims on some data over several seeds: trains every run a claim needs (each
 * distinct run once per seed, shared between claims), applies the claim's checks, and collects
 * per claim and seed the measured numbers and what failed.
 */
import type { RunConfig } from '../contract/config/schema'
import { messageOf } from '../contract/result'
import { failures, type Check, type Claim } from './claim'
import { ACTIVATION_CLAIMS, INIT_CLAIMS } from './init-claims'
import {
  completedRun,
  sizedPreset,
  trainSmall,
  type SmallRun,
  type SmallRunPlace
} from './small-run'
import { TRAINING_CLAIMS } from './training-claims'

/** Every preset claim, in the lecture's order. */
export const CLAIMS: readonly Claim[] = [...ACTIVATION_CLAIMS, ...INIT_CLAIMS, ...TRAINING_CLAIMS]

/** The claim of `preset`, or null when it makes none the command can check. */
export function claimOf(preset: string): Claim | null {
  return CLAIMS.find((c) => c.preset === preset) ?? null
}

/** One claim on one seed. `error` is set when a run could not finish (then `checks` is empty). */
export interface SeedResult {
  seed: number
  checks: Check[]
  failed: string[]
  error: string | null
}

export interface ClaimResult {
  preset: string
  statement: string
  seeds: SeedResult[]
}

/** Trains one sized preset (named `runId`) to its end, whatever its status. */
export type TrainSized = (runId: string, config: RunConfig) => Promise<SmallRun>

/** Trains the runs of claims, at most once per distinct run and seed. */
export class ClaimRunner {
  private readonly runs = new Map<string, Promise<SmallRun>>()

  /** Runs train at `place`, through `train` when given (the tests' shared run store). */
  constructor(
    place: SmallRunPlace,
    private readonly train: TrainSized = (runId, config) => trainSmall(runId, config, place)
  ) {}

  /** The named runs `claim` needs, trained with `seed`. Throws when one does not complete. */
  async runsOf(claim: Claim, seed: number): Promise<Record<string, SmallRun>> {
    const out: Record<string, SmallRun> = {}
    for (const [key, { preset, small }] of Object.entries(claim.runs)) {
      // A patched run belongs to its claim; an unpatched one is shared by preset and size.
      const id = small.patch
        ? `${claim.preset}-${key}-s${seed}`
        : `${preset}-${small.maxSteps}-${small.statsEvery ?? 0}-s${seed}`
      let run = this.runs.get(id)
      if (!run) {
        const config = sizedPreset(preset, small, seed)
        run = this.train(id, config).then((r) => completedRun(id, r))
        this.runs.set(id, run)
      }
      out[key] = await run
    }
    return out
  }

  /** `claim` checked on `seed`; never throws (a failed run becomes `error`). */
  async check(claim: Claim, seed: number): Promise<SeedResult> {
    try {
      const checks = claim.check(await this.runsOf(claim, seed))
      return { seed, checks, failed: failures(checks), error: null }
    } catch (thrown) {
      const error = messageOf(thrown)
      return { seed, checks: [], failed: [error], error }
    }
  }
}

/**
 * Checks `claims` on every seed, one run at a time; `onResult` hears each claim as it finishes
 * (for progress).
 */
export async function checkClaims(
  claims: readonly Claim[],
  seeds: readonly number[],
  place: SmallRunPlace,
  onResult: (result: ClaimResult) => void = () => {}
): Promise<ClaimResult[]> {
  const runner = new ClaimRunner(place)
  const results: ClaimResult[] = []
  for (const claim of claims) {
    const result: ClaimResult = { preset: claim.preset, statement: claim.statement, seeds: [] }
    for (const seed of seeds) result.seeds.push(await runner.check(claim, seed))
    results.push(result)
    onResult(result)
  }
  return results
}
