import { describe, expect, it } from 'vitest'
import type { StepRecord } from '../../../main/contract/runs/records'
import {
  MAX_SHOWN_STEPS,
  RECENT_STEPS,
  StepLog,
  downsampleNote,
  stepLogOf
} from '../../../renderer/src/lib/step-log'

const record = (step: number, loss: number): StepRecord => ({
  step,
  epoch: 0,
  loss,
  acc: 0.5,
  lr: 0.1,
  ms: 3
})
/** A slowly falling loss with a spike of 1e6 at step 12,345 and NaN at 150,000. */
const lossAt = (step: number) =>
  step === 12_345 ? 1e6 : step === 150_000 ? Number.NaN : 2 / (1 + step / 1000)

describe('bounded step log', () => {
  it('keeps 200k steps appended one at a time within the bound, with the last step and the spikes', () => {
    const log = new StepLog()
    for (let s = 0; s < 200_000; s++) log.append([record(s, lossAt(s))])
    const shown = log.records()
    expect(log.total).toBe(200_000)
    expect(shown.length).toBeLessThanOrEqual(MAX_SHOWN_STEPS)
    expect(shown.at(-1)?.step).toBe(199_999)
    expect(shown.some((r) => r.step === 12_345 && r.loss === 1e6)).toBe(true)
    expect(shown.some((r) => r.step === 150_000 && Number.isNaN(r.loss))).toBe(true)
    // The newest RECENT_STEPS steps are all there, one by one.
    const tail = shown.slice(-RECENT_STEPS).map((r) => r.step)
    expect(tail).toEqual(Array.from({ length: RECENT_STEPS }, (_, i) => 200_000 - RECENT_STEPS + i))
    // Steps stay in order, and the history covers the whole run evenly (no gap over 1% of it).
    const steps = shown.map((r) => r.step)
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1]!)).toBe(true)
    const gaps = steps.slice(1).map((s, i) => s - steps[i]!)
    expect(Math.max(...gaps)).toBeLessThan(2_000)
    expect(log.downsampled).toBe(true)
  })

  it('does amortized constant work per append instead of copying the history each time', () => {
    const log = new StepLog()
    for (let s = 0; s < 200_000; s++) log.append([record(s, 1)])
    // A copy per append would move ~2e10 records; compaction moves a few per append.
    expect(log.work).toBeLessThan(4 * 200_000)
    // Between compactions the shown array is cached, not rebuilt per read.
    expect(log.records()).toBe(log.records())
  })

  it('shows every step, undownsampled, while the run is short', () => {
    const log = stepLogOf(Array.from({ length: 3000 }, (_, s) => record(s, 1)))
    expect(log.records().map((r) => r.step)).toEqual(Array.from({ length: 3000 }, (_, s) => s))
    expect(log.downsampled).toBe(false)
    expect(downsampleNote(log)).toBe('')
  })

  it('says from which step and by how much a long run is downsampled', () => {
    const log = stepLogOf(Array.from({ length: 100_000 }, (_, s) => record(s, 1)))
    expect(downsampleNote(log)).toMatch(
      new RegExp(
        `^steps before ${log.firstRecent?.step} are downsampled: .* every ${log.span} steps$`
      )
    )
    expect(log.span).toBeGreaterThan(1)
  })
})
