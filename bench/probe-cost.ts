/**
 * What one probe costs, from one runTraining run: the time between consecutive step records,
 * split into plain steps and steps next to a probe, medians of each (issue 23 item 4). A probe's
 * work falls in two intervals: the capture before its step's update and the statistics after
 * it, so the cost of probe k is (interval k + interval k+1) − 2 · the plain step. This replaces
 * the ratio of two separate runs (instruments on and off), which this VM's noise swung by ±10 %.
 * Pure: the run itself is bench/instrumented.ts's measureProbeCost.
 */
import { isProbeStep } from '../main/engine/trainer/probe-schedule'

/** The per-probe cost of one net, in the run's clock (ms) and in its plain steps. */
export interface ProbeCost {
  statsEvery: number
  /** Probes and plain steps the medians rest on. */
  probes: number
  plainSteps: number
  /** Median plain step (no probe in it or before it), ms. */
  stepMs: number
  /** Median extra time a probe adds, ms, and the same in plain steps. */
  probeMs: number
  probeSteps: number
  /** 1 + probeSteps / s: how many times slower training runs with a probe every s steps. */
  overheadAt: { every: number; ratio: number }[]
}

/** The statsEvery values overheadAt reports (the default 50 and the presets' usual 25). */
export const OVERHEAD_AT = [25, 50] as const

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The per-probe cost from `at[k]`, the clock time of step k's record, in a run of `at.length`
 * steps probed on the trainer's schedule at `statsEvery`. Step 0 (the census) and the last
 * two steps (the final probe and validation) are left out. Pure; throws when there are no
 * plain steps or no probes to compare.
 */
export function probeCost(at: readonly number[], statsEvery: number): ProbeCost {
  const total = at.length
  const probed = (s: number) => isProbeStep(s, statsEvery, total)
  const interval = (k: number) => at[k]! - at[k - 1]!
  const plain: number[] = []
  const withProbe: number[] = []
  // A step right after a probe carries that probe's statistics: it is neither plain nor a
  // clean start for the next probe's pair of intervals.
  for (let k = 2; k < total - 2; k++) {
    if (probed(k - 1)) continue
    if (probed(k)) withProbe.push(interval(k) + interval(k + 1))
    else plain.push(interval(k))
  }
  if (plain.length === 0 || withProbe.length === 0) {
    throw new Error(
      `probeCost needs plain and probed steps: got ${plain.length} and ${withProbe.length} in ${total} steps at statsEvery ${statsEvery}.`
    )
  }
  const stepMs = median(plain)
  const probeMs = median(withProbe) - 2 * stepMs
  const probeSteps = probeMs / stepMs
  return {
    statsEvery,
    probes: withProbe.length,
    plainSteps: plain.length,
    stepMs,
    probeMs,
    probeSteps,
    overheadAt: OVERHEAD_AT.map((every) => ({ every, ratio: 1 + probeSteps / every }))
  }
}
