/**
 * A preset's lecture claim as data: the small runs it needs and the checks it makes on their
 * records, each one number measured against a limit the lecture's theory sets. The preset tests
 * assert every check passes; the claims command prints them per seed. Pure.
 */
import { num } from '../contract/diagnosis/diagnosis-input'
import type { EpochRecord, LayerProbe } from '../contract/runs/records'
import type { Small, SmallRun } from './small-run'

/** One measured number and the bound it must keep. */
export interface Check {
  label: string
  measured: number
  op: '<' | '>' | '='
  limit: number
  /** What the theory predicts, in words, when it says more than the bound (e.g. "n·σ²/2 = 0.058"). */
  theory?: string
}

/** A run a claim needs: a preset, sized small (and maybe patched). */
export interface ClaimRun {
  preset: string
  small: Small
}

export interface Claim {
  /** The preset whose description makes the claim. */
  preset: string
  /** The claim in one line. */
  statement: string
  /** Named runs (keys are what `check` reads); every run uses the seed being checked. */
  runs: Record<string, ClaimRun>
  check(runs: Record<string, SmallRun>): Check[]
}

/** Whether `check` keeps its bound. NaN never passes. Pure. */
export function passes(check: Check): boolean {
  const { measured, op, limit } = check
  if (op === '=') return measured === limit
  return op === '<' ? measured < limit : measured > limit
}

/** "label: measured 0.41, needs > 0.3" for each failed check. Pure. */
export function failures(checks: readonly Check[]): string[] {
  return checks
    .filter((c) => !passes(c))
    .map((c) => `${c.label}: measured ${num(c.measured)}, needs ${c.op} ${c.limit}`)
}

// Small helpers the claims share. All pure.
export const hidden = (layers: readonly LayerProbe[]): LayerProbe[] => layers.slice(0, -1)
export const ratios = (values: readonly number[]): number[] =>
  values.slice(1).map((v, i) => v / values[i])
export const geometricMean = (values: readonly number[]): number =>
  Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
export const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length
export const max = (values: readonly number[]): number => Math.max(...values)
export const min = (values: readonly number[]): number => Math.min(...values)
export const lastEpoch = (run: SmallRun): EpochRecord => run.epochs[run.epochs.length - 1]
/** The layers of the first probe (step 0, at initialization). */
export const atInit = (run: SmallRun): LayerProbe[] => run.probes[0].layers
/** One step, probed at initialization only. */
export const ONE_STEP: Small = { maxSteps: 1 }
