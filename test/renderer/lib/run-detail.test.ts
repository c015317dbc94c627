import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../../main/contract/ipc/contract'
import type { RunSummary } from '../../../main/contract/runs/summary'
import { sharedDomain, viewOfDetail } from '../../../renderer/src/lib/run-detail'
import { foldEvents } from '../../../renderer/src/lib/run-state'
import { config, layerProbe, probe, stepEvent } from './fixtures'

function detail(status: RunSummary['status'], losses: number[]): RunDetail {
  const summary: RunSummary = {
    format: 1,
    id: 'r',
    name: 'relu-he',
    status,
    reason: null,
    backend: 'wasm',
    backendNotes: [],
    seed: 1,
    steps: losses.length,
    epochs: 1,
    samplesPerSecond: 100,
    startedAt: '2026-11-27T04:00:00Z',
    endedAt: null,
    final: { trainLoss: 1, trainAcc: 0.5, valLoss: 1, valAcc: 0.5 },
    divergedAt: null,
    divergedLayer: null,
    dataset: null,
    findings: [],
    layers: []
  }
  return {
    id: 'r',
    dir: '/runs/r',
    summary,
    config: config(),
    layers: [],
    epochs: [],
    warnings: [],
    meta: { displayName: null, tags: [] },
    evaluation: null,
    evaluationError: null,
    steps: losses.map((loss, step) => ({ step, epoch: 0, loss, acc: 0.5, lr: 0.1, ms: 1 })),
    probes: [probe(0, [layerProbe(0, [0, 1])])]
  }
}

describe('stored runs as view models', () => {
  it('draws a completed run exactly like a live one', () => {
    const view = viewOfDetail(detail('completed', [2, 1.5, 1]))
    expect(view.phase).toBe('ended')
    expect(view.end?.status).toBe('completed')
    expect(view.steps.map((s) => s.loss)).toEqual([2, 1.5, 1])
    // A live fold on top keeps working (re-attaching to a run in progress).
    const live = foldEvents({ ...view, phase: 'running', end: null }, [stepEvent(3, 0.9)], 0)
    expect(live.steps.length).toBe(4)
  })

  it('says an interrupted run was interrupted instead of inventing an end', () => {
    const view = viewOfDetail(detail('interrupted', [2]))
    expect(view.end).toBeNull()
    expect(view.error).toMatch(/interrupted/)
  })

  it('gives two runs one y-axis over both, skipping NaN and non-positive values for log axes', () => {
    const a = viewOfDetail(detail('completed', [2, Number.NaN, 0.5]))
    const b = viewOfDetail(detail('diverged', [3, 0, 1]))
    expect(sharedDomain([a, b, null], (v) => v.steps.map((s) => s.loss), true)).toEqual([0.5, 3])
  })
})
