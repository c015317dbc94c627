import { describe, expect, it } from 'vitest'
import type { TrainEvent } from '../../../main/contract/trainer-protocol'
import {
  emptyRun,
  foldEvents,
  probeBudget,
  startingRun,
  thinProbes
} from '../../../renderer/src/lib/run-state'
import { formatDuration, plannedSteps, progressOf } from '../../../renderer/src/lib/run-progress'
import { MAX_SHOWN_STEPS } from '../../../renderer/src/lib/step-log'
import { config, layerProbe, probe, stepEvent } from './fixtures'

const dataset: TrainEvent = {
  type: 'dataset',
  dataset: {
    root: '/x',
    classes: ['a', 'b'],
    counts: { train: { a: 60, b: 40 }, val: { a: 10, b: 10 } },
    skipped: [],
    inputShape: [8, 8, 1]
  }
}

describe('run-state reducer', () => {
  it('moves from starting to running on the first step and records backend, dataset and layers', () => {
    let view = startingRun('r1', config(), 0)
    view = foldEvents(
      view,
      [{ type: 'backend', backend: 'wasm', notes: [{ backend: 'node', reason: 'not installed' }] }],
      10
    )
    expect(view.phase).toBe('starting')
    view = foldEvents(view, [dataset, stepEvent(0), stepEvent(1)], 20)
    expect(view.phase).toBe('running')
    expect(view.backend).toBe('wasm')
    expect(view.backendNotes[0]!.reason).toBe('not installed')
    expect(view.steps.map((s) => s.step)).toEqual([0, 1])
  })

  it('keeps the WebGPU adapter of a webgpu run, and none for a run on another backend', () => {
    const adapter = {
      vendor: 'apple',
      architecture: 'metal-3',
      description: 'Apple M2',
      software: false
    }
    const gpu = foldEvents(
      startingRun('r1', config(), 0),
      [{ type: 'backend', backend: 'webgpu', notes: [], adapter }],
      1
    )
    expect(gpu.adapter).toEqual(adapter)
    const cpu = foldEvents(
      startingRun('r2', config(), 0),
      [{ type: 'backend', backend: 'wasm', notes: [] }],
      1
    )
    expect(cpu.adapter).toBeNull()
  })

  it('does not mutate the previous view when folding new events', () => {
    const before = foldEvents(startingRun('r1', config(), 0), [stepEvent(0)], 1)
    const after = foldEvents(
      before,
      [stepEvent(1), { type: 'probe', record: probe(1, [layerProbe(0, [0, 1])]) }],
      2
    )
    expect(before.steps.length).toBe(1)
    expect(before.probes.length).toBe(0)
    expect(after.steps.length).toBe(2)
    expect(after.probes.length).toBe(1)
  })

  it('follows pause, resume and the end, and stays ended after it', () => {
    let view = foldEvents(startingRun('r1', config(), 0), [stepEvent(0)], 0)
    view = foldEvents(view, [{ type: 'state', state: 'paused' }], 1)
    expect(view.phase).toBe('paused')
    view = foldEvents(view, [{ type: 'state', state: 'running' }], 2)
    expect(view.phase).toBe('running')
    const end: TrainEvent = {
      type: 'end',
      end: {
        status: 'stopped',
        reason: 'stopped by the user',
        steps: 1,
        epochs: 0,
        samplesPerSecond: null,
        final: { trainLoss: 1, trainAcc: 0.5, valLoss: null, valAcc: null },
        divergedAt: null,
        divergedLayer: null
      }
    }
    view = foldEvents(view, [end, { type: 'state', state: 'running' }], 3)
    expect(view.phase).toBe('ended')
    expect(view.end?.status).toBe('stopped')
  })

  it('counts only running time toward the ETA, not time spent paused', () => {
    let view = foldEvents(startingRun('r1', config({ maxSteps: 10 }), 0), [stepEvent(0)], 0)
    view = foldEvents(view, [stepEvent(1)], 1000) // running 0 → 1000 ms
    view = foldEvents(view, [{ type: 'state', state: 'paused' }], 2000) // running 1000 → 2000
    view = foldEvents(view, [{ type: 'state', state: 'running' }], 60_000) // paused: not counted
    expect(view.runningMs).toBe(2000)
    const p = progressOf(view)
    expect(p.done).toBe(2)
    expect(p.total).toBe(10)
    expect(p.etaSeconds).toBeCloseTo(8) // 8 steps left at 1 s per step
  })

  it('plans epochs × ceil(train / batch) steps, capped by maxSteps', () => {
    const view = foldEvents(
      startingRun('r1', config({ epochs: 3, batchSize: 32 }), 0),
      [dataset],
      0
    )
    expect(plannedSteps(view)).toBe(3 * Math.ceil(100 / 32))
    const capped = foldEvents(
      startingRun('r1', config({ epochs: 3, batchSize: 32, maxSteps: 5 }), 0),
      [dataset],
      0
    )
    expect(plannedSteps(capped)).toBe(5)
    expect(plannedSteps(emptyRun())).toBeNull()
  })

  it('thins old probes past the cap but keeps the initialization probe and the newest', () => {
    const probes = Array.from({ length: 11 }, (_, i) => probe(i * 10, []))
    const thinned = thinProbes(probes, 8)
    expect(thinned.length).toBeLessThan(11)
    expect(thinned[0]!.step).toBe(0)
    expect(thinned[thinned.length - 1]!.step).toBe(100)
    for (let i = 1; i < thinned.length; i++)
      expect(thinned[i]!.step).toBeGreaterThan(thinned[i - 1]!.step)
  })

  it('keeps fewer probes for 20 layers of 1,000 units than for a small net', () => {
    const layer = (units: number) => ({
      name: 'd',
      kind: 'dense' as const,
      activation: 'relu',
      initializer: 'he-normal',
      batchNorm: false,
      dropout: 0,
      fanIn: units,
      units,
      outputShape: [units]
    })
    const wide = Array.from({ length: 20 }, () => layer(1000))
    expect(probeBudget(wide)).toBe(100)
    expect(probeBudget([layer(128), layer(10)])).toBe(400)
  })

  it('formats durations for the ETA readout', () => {
    expect(formatDuration(12.4)).toBe('12 s')
    expect(formatDuration(247)).toBe('4:07')
    expect(formatDuration(3909)).toBe('1:05:09')
  })
})

describe('run-state reducer after a reload', () => {
  it('draws each step, probe and epoch once when the run folder and the live stream overlap', () => {
    let view = startingRun('r1', config(), 0)
    const epoch = (n: number): TrainEvent => ({
      type: 'epoch',
      record: {
        epoch: n,
        step: n * 10,
        trainLoss: 1,
        trainAcc: 0.5,
        valLoss: 1,
        valAcc: 0.5,
        seconds: 1
      }
    })
    const layers = [layerProbe(0, [0, 1])]
    view = foldEvents(view, [stepEvent(0), stepEvent(1), stepEvent(2), epoch(0)], 10)
    view = foldEvents(view, [{ type: 'probe', record: probe(0, layers) }], 20)
    const overlap: TrainEvent[] = [stepEvent(1), stepEvent(2), stepEvent(3), epoch(0), epoch(1)]
    overlap.push({ type: 'probe', record: probe(0, layers) })
    overlap.push({ type: 'probe', record: probe(3, layers) })
    view = foldEvents(view, overlap, 30)
    expect(view.steps.map((s) => s.step)).toEqual([0, 1, 2, 3])
    expect(view.epochs.map((e) => e.epoch)).toEqual([0, 1])
    expect(view.probes.map((p) => p.step)).toEqual([0, 3])
  })
})

describe('run-state with a long run', () => {
  it('folds 200k steps in 100 ms batches into a bounded view without changing earlier views', () => {
    let view = startingRun('r1', config(), 0)
    const first = foldEvents(view, [stepEvent(0, 3)], 0)
    view = first
    for (let s = 1; s < 200_000; s += 25) {
      const batch = Array.from({ length: 25 }, (_, i) => stepEvent(s + i, s + i === 777 ? 50 : 1))
      view = foldEvents(view, batch, s)
    }
    expect(view.steps.length).toBeLessThanOrEqual(MAX_SHOWN_STEPS)
    expect(view.steps.at(-1)?.step).toBe(200_000)
    expect(view.steps.some((r) => r.loss === 50)).toBe(true)
    expect(view.stepLog.total).toBe(200_001)
    expect(first.steps.map((r) => r.step)).toEqual([0])
  })

  it('keeps at most the probe budget over 10,000 probes, with the first and the newest', () => {
    let view = foldEvents(startingRun('r1', config(), 0), [stepEvent(0)], 0)
    const layers = [layerProbe(0, [0, 1])]
    for (let p = 0; p < 10_000; p++)
      view = foldEvents(view, [{ type: 'probe', record: probe(p * 10, layers) }], p)
    expect(view.probes.length).toBeLessThanOrEqual(400)
    expect(view.probes[0]!.step).toBe(0)
    expect(view.probes.at(-1)?.step).toBe(99_990)
  })
})
