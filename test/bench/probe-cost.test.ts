/**
 * The per-probe cost against step times built from known costs: a plain step of 10 ms and a
 * probe whose capture (before its step's update) and statistics (after it) add 20 and 5 ms.
 */
import { describe, expect, it } from 'vitest'
import { probeCost } from '../../bench/probe-cost'
import { isProbeStep } from '../../main/engine/trainer/probe-schedule'

/** Record times of `total` steps: each step 10 ms, a probe adds 20 ms to its own interval and
 *  5 ms to the next one, and every `noisy`-th plain step takes 40 ms (an outlier). */
function recordTimes(total: number, statsEvery: number, noisy = 0): number[] {
  const at: number[] = [0]
  for (let k = 1; k < total; k++) {
    let interval = 10
    if (isProbeStep(k, statsEvery, total)) interval += 20
    if (isProbeStep(k - 1, statsEvery, total)) interval += 5
    else if (noisy > 0 && k % noisy === 0) interval = 40
    at.push(at[k - 1]! + interval)
  }
  return at
}

describe('probeCost', () => {
  it('finds a 25 ms probe on 10 ms steps: 2.5 steps, 1.10× at statsEvery 25 and 1.05× at 50', () => {
    const cost = probeCost(recordTimes(130, 10), 10)
    expect(cost.stepMs).toBe(10)
    expect(cost.probeMs).toBe(25)
    expect(cost.probeSteps).toBe(2.5)
    expect(cost.overheadAt).toEqual([
      { every: 25, ratio: 1.1 },
      { every: 50, ratio: 1.05 }
    ])
    // Probes at 4, 8, 10, 20, … 120 (0, 1 and 2, which follow a probe, and the last are left out).
    expect(cost.probes).toBe(2 + 12)
  })

  it('is not moved by an outlier plain step in every seven', () => {
    const cost = probeCost(recordTimes(130, 10, 7), 10)
    expect(cost.stepMs).toBe(10)
    expect(cost.probeMs).toBe(25)
  })

  it('refuses a run with no probe to measure', () => {
    expect(() => probeCost(recordTimes(6, 1_000), 1_000)).toThrow(/plain and probed steps/)
  })
})
