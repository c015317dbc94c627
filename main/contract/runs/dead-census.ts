/**
 * Dead or merely inactive on the probe: the one rule every view, finding and report applies to
 * tell them apart. A probe calls a ReLU unit "dead" when it is 0 on every probe example; the
 * census (records.ts DeadCensus, taken at each epoch's end on the training split) confirms which
 * of them never fire on any training example. Only those are *dead*; the rest are *inactive on
 * the probe*. Pure.
 */
import {
  UNIT_STATE,
  type CensusLayer,
  type DeadCensus,
  type EpochRecord,
  type ProbeRecord
} from './records'
import type { ProbeAndCensus } from './summary'

/** Most training examples one census reads (the first ones of the split, in split order). */
export const CENSUS_MAX_EXAMPLES = 4096

/**
 * The census's budget: at most this share of an epoch's training time, given that a test-mode
 * pass costs about FORWARD_PER_TRAINING_IMAGE of a training step's time per image (measured on
 * the bench nets, wasm: 0.2 for the CNN, 0.2–0.3 for the MLP; a third leaves room).
 */
export const CENSUS_EPOCH_SHARE = 0.05
export const FORWARD_PER_TRAINING_IMAGE = 1 / 3
/** Fewest examples a census reads when the split has them: the default probe batch's size. */
export const CENSUS_MIN_EXAMPLES = 256

/**
 * Training examples one census reads from a split of `splitCount`: CENSUS_EPOCH_SHARE of an
 * epoch's time (15 % of the split), but at least CENSUS_MIN_EXAMPLES and at most
 * CENSUS_MAX_EXAMPLES, never more than the split. A split of 2,400 gives 360; 27,307 or more
 * give 4,096. Below 854 images the floor puts a census above 10 % of an epoch of under a
 * second. Pure.
 */
export function censusExamples(splitCount: number): number {
  const budget = Math.floor((CENSUS_EPOCH_SHARE / FORWARD_PER_TRAINING_IMAGE) * splitCount)
  return Math.min(splitCount, CENSUS_MAX_EXAMPLES, Math.max(CENSUS_MIN_EXAMPLES, budget))
}

/** A census and the optimizer step it was taken at. */
export interface CensusAt {
  step: number
  census: DeadCensus
}

/**
 * Every census of a run (the one before training, on the step-0 probe, and one per epoch end),
 * in step order; empty for runs recorded before the census. Does not mutate.
 */
export function censuses(
  probes: readonly Pick<ProbeRecord, 'step' | 'census'>[],
  epochs: readonly Pick<EpochRecord, 'step' | 'census'>[]
): CensusAt[] {
  const all = [...probes, ...epochs].flatMap((r) =>
    r.census ? [{ step: r.step, census: r.census }] : []
  )
  return all.sort((a, b) => a.step - b.step)
}

/** The latest census taken at or before `step`, or null when none was. Does not mutate. */
export function censusAt(all: readonly CensusAt[], step: number): CensusAt | null {
  let found: CensusAt | null = null
  for (const c of all) if (c.step <= step) found = c
  return found
}

/**
 * The census that speaks for a probe at `step` in a summary: one taken on the same weights or
 * after the probe's own update (the step-0 census for the first probe; the last epoch's for the
 * probe at the last step), or null when none was (a run stopped mid-epoch, a run without a
 * census). Does not mutate.
 */
export function censusAfter(all: readonly CensusAt[], step: number): DeadCensus | null {
  return all.find((c) => c.step >= step && c.step <= step + 1)?.census ?? null
}

/**
 * The first and last of `probes` (in step order), each with the census that speaks for it
 * (censusAfter), for layerSummaries; nulls without probes. Does not mutate.
 */
export function summaryProbes(
  probes: readonly Pick<ProbeRecord, 'step' | 'layers' | 'census'>[],
  epochs: readonly Pick<EpochRecord, 'step' | 'census'>[]
): [first: ProbeAndCensus | null, last: ProbeAndCensus | null] {
  const all = censuses(probes, epochs)
  const at = (p: Pick<ProbeRecord, 'step' | 'layers'> | undefined): ProbeAndCensus | null =>
    p ? { layers: p.layers, census: censusAfter(all, p.step) } : null
  return [at(probes[0]), at(probes.at(-1))]
}

/** The census's entry for `layer`, or null when the layer cannot die or was not counted. */
export function censusLayer(census: DeadCensus | null, layer: number): CensusLayer | null {
  return census?.layers.find((l) => l.layer === layer) ?? null
}

/** How a layer's units silent on the probe batch split once the census has spoken. */
export interface SilentUnits {
  /** Units 0 on every probe example and on every census example: dead. */
  dead: number[]
  /** Units 0 on every probe example that fired on some training example (or, with no census,
   *  every unit 0 on the probe: unconfirmed). */
  inactiveOnProbe: number[]
  /** False when no census covers this layer yet: nothing can be called dead. */
  checked: boolean
}

/**
 * Splits the units a probe marked dead (`states`, UNIT_STATE codes) by the census entry for
 * their layer. Without a census entry every such unit is inactive on the probe. Units dead by
 * the census but active on the probe cannot happen for one set of weights; when the census is
 * older than the probe they count by the probe (they fired again). Does not mutate.
 */
export function silentUnits(
  states: readonly number[],
  census: CensusLayer | null
): SilentUnits {
  const confirmed = new Set(census?.dead ?? [])
  const dead: number[] = []
  const inactiveOnProbe: number[] = []
  states.forEach((s, u) => {
    if (s !== UNIT_STATE.dead) return
    if (confirmed.has(u)) dead.push(u)
    else inactiveOnProbe.push(u)
  })
  return { dead, inactiveOnProbe, checked: census !== null }
}

/** Newest census taken at most one update after `step` (the last probe precedes its step's
 *  update; the epoch's census follows it), or null. */
function censusFor(all: readonly CensusAt[], step: number): CensusAt | null {
  return censusAt(all, step + 1)
}

/**
 * The probes as every view and report shows them: a unit the probe recorded as dead stays
 * `dead` only if the newest census at that step (at most one update later) lists it, and
 * becomes `inactiveOnProbe` otherwise (always, in runs without a census); each layer's
 * `deadFraction` becomes the confirmed share. New records; does not mutate `probes`.
 */
export function shownProbes(
  probes: readonly ProbeRecord[],
  epochs: readonly Pick<EpochRecord, 'step' | 'census'>[]
): ProbeRecord[] {
  const all = censuses(probes, epochs)
  return probes.map((p) => {
    const census = censusFor(all, p.step)?.census ?? null
    return {
      ...p,
      layers: p.layers.map((l) => {
        if (!(l.deadFraction > 0)) return l
        const split = silentUnits(l.units.state, censusLayer(census, l.layer))
        const inactive = new Set(split.inactiveOnProbe)
        const state = l.units.state.map((s, u) =>
          inactive.has(u) ? UNIT_STATE.inactiveOnProbe : s
        )
        return {
          ...l,
          units: { ...l.units, state },
          deadFraction: split.dead.length / Math.max(1, state.length)
        }
      })
    }
  })
}

/** Fraction of a shown layer's units inactive on the probe only (code inactiveOnProbe). */
export function inactiveOnProbeFraction(states: readonly number[]): number {
  if (states.length === 0) return 0
  let n = 0
  for (const s of states) if (s === UNIT_STATE.inactiveOnProbe) n++
  return n / states.length
}
