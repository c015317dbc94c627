import { describe, expect, it } from 'vitest'
import type { RunEnd } from '../../../main/contract/trainer-protocol'
import { foldEvents, startingRun } from '../../../renderer/src/lib/run-state'
import { endSummary, progressOf } from '../../../renderer/src/lib/run-progress'
import { config, stepEvent } from './fixtures'

function end(patch: Partial<RunEnd>): RunEnd {
  return {
    status: 'completed',
    reason: null,
    steps: 40,
    epochs: 2,
    samplesPerSecond: 100,
    final: { trainLoss: 0.5, trainAcc: 0.8, valLoss: 0.61, valAcc: 0.77 },
    divergedAt: null,
    divergedLayer: null,
    ...patch
  }
}

describe('progressOf', () => {
  it('counts steps by their numbers when some never reached the view (thinned, or a reload)', () => {
    let view = startingRun('r1', config(), 0)
    view = foldEvents(view, [stepEvent(0), stepEvent(1), stepEvent(7), stepEvent(9)], 10)
    expect(progressOf(view).done).toBe(10)
  })
})

describe('the planned steps of a PyTorch run', () => {
  it("takes the script's total_steps (maxSteps), not epochs × batches from the probe's guessed batch size", () => {
    const dataset = {
      root: '',
      name: 'shapes',
      classes: ['a', 'b'],
      counts: { train: { a: 200, b: 200 } },
      skipped: [],
      inputShape: [8, 8, 1] as [number, number, number]
    }
    const base = { ...startingRun('r1', config({ maxSteps: 200, epochs: 1, batchSize: 64 }), 0) }
    expect(progressOf({ ...base, dataset, backend: 'wasm' }).total).toBe(7)
    expect(progressOf({ ...base, dataset, backend: 'pytorch' }).total).toBe(200)
  })

  it('says the test accuracy at the end when the run has one', () => {
    const final = { trainLoss: 0.5, trainAcc: 0.8, valLoss: 0.61, valAcc: 0.77 }
    expect(endSummary(end({ final: { ...final, testAcc: 0.7, testLoss: 0.9 } }))).toMatch(
      /Validation accuracy 0\.77.*\. Test accuracy 0\.7\d*, loss 0\.9/
    )
  })
})

describe('progress while paused', () => {
  it('says paused and keeps the ETA still: paused time never counts as time per step', () => {
    let view = startingRun('r1', config({ maxSteps: 100 }), 0)
    const steps = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => stepEvent(from + i))
    view = foldEvents(view, [{ type: 'state', state: 'running' }, ...steps(0, 10)], 1_000)
    view = foldEvents(view, [...steps(10, 20), { type: 'state', state: 'paused' }], 2_000)
    const before = progressOf(view)
    expect(before.paused).toBe(true)
    // Running time counts from the first fold in phase running (1 s to 2 s).
    expect(before.etaSeconds).toBeCloseTo((80 * 1_000) / 20 / 1000, 9)
    // A minute later the run resumes; the first fold after it still has the same pace.
    view = foldEvents(view, [{ type: 'state', state: 'running' }], 62_000)
    expect(progressOf(view).paused).toBe(false)
    expect(progressOf(view).etaSeconds).toBeCloseTo(before.etaSeconds!, 9)
    view = foldEvents(view, steps(20, 30), 63_000)
    expect(progressOf(view).etaSeconds).toBeCloseTo((70 * 2_000) / 30 / 1000, 9)
  })
})

describe('endSummary', () => {
  it('names the step and layer of a divergence instead of empty validation numbers', () => {
    const text = endSummary(
      end({
        status: 'diverged',
        steps: 3,
        divergedAt: 2,
        divergedLayer: 'dense_3',
        final: { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null }
      })
    )
    expect(text).toContain('diverged at step 2')
    expect(text).toContain('dense_3')
    expect(text).toContain('learning rate')
    expect(text).not.toMatch(/Validation|—|null|undefined/)
  })

  it('gives the final validation numbers of a completed run', () => {
    expect(endSummary(end({}))).toBe(
      'Run completed after 40 steps. Validation accuracy 0.77, loss 0.61.'
    )
  })

  it('does not repeat a stop reason that only restates the status', () => {
    const text = endSummary(
      end({ status: 'stopped', reason: 'Stopped on request after 40 steps.' })
    )
    expect(text).toBe('Run stopped after 40 steps. Validation accuracy 0.77, loss 0.61.')
  })

  it('says why a run failed', () => {
    const text = endSummary(end({ status: 'failed', steps: 0, reason: 'out of memory' }))
    expect(text).toBe('Run failed after 0 steps: out of memory.')
    const own = endSummary(end({ status: 'failed', steps: 0, reason: 'Skipped 0.' }))
    expect(own).toBe('Run failed after 0 steps: Skipped 0.')
  })
})
