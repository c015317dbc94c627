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

/**
 * A Claim whose `check` reads exactly the runs it names: the names are typed, and a missing run
 * is an Error naming it instead of an undefined deep inside a check.
 */
export function claim<K extends string>(spec: {
  preset: string
  statement: string
  runs: Record<K, ClaimRun>
  check(runs: Record<K, SmallRun>): Check[]
}): Claim {
  const names = Object.keys(spec.runs) as K[]
  return {
    ...spec,
    check(runs) {
      const picked = {} as Record<K, SmallRun>
      for (const name of names) {
        const run = runs[name]
        if (run === undefined) throw new Error(`Claim "${spec.preset}" needs its run "${name}".`)
        picked[name] = run
      }
      return spec.check(picked)
    }
  }
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
  values.slice(1).map((v, i) => v / values[i]!)
export const geometricMean = (values: readonly number[]): number =>
  Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
export const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length
export const max = (values: readonly number[]): number => Math.max(...values)
export const min = (values: readonly number[]): number => Math.min(...values)
/** items[i] (i < 0 counts from the end), or an Error saying the run recorded no such `what`. */
export function nth<T>(items: readonly T[], i: number, what: string): T {
  const item = items.at(i)
  if (item === undefined)
    throw new Error(`The claim's run has no ${what} ${i} (it recorded ${items.length}).`)
  return item
}
export const lastEpoch = (run: SmallRun): EpochRecord => nth(run.epochs, -1, 'epoch record')
/** The layers of the first probe (step 0, at initialization). */
export const atInit = (run: SmallRun): LayerProbe[] => nth(run.probes, 0, 'probe').layers
/** One step, probed at initialization only. */
export const ONE_STEP: Small = { maxSteps: 1 }
