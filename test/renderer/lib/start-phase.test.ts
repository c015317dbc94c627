import { describe, expect, it } from 'vitest'
import type { TrainEvent } from '../../../main/contract/trainer-protocol'
import { emptyRun, foldEvents, startingRun } from '../../../renderer/src/lib/run-state'
import { startPhaseText } from '../../../renderer/src/lib/start-phase'
import { config, stepEvent } from './fixtures'

describe('the start phase the Train view names', () => {
  it('follows the trainer through backend, data (with its progress), model and first step, and goes at the first step', () => {
    let view = startingRun('r1', config(), 0)
    expect(startPhaseText(view)).toBe('Starting the trainer…')
    const said: string[] = []
    const events: TrainEvent[] = [
      { type: 'phase', phase: 'backend' },
      { type: 'backend', backend: 'wasm', notes: [] },
      { type: 'phase', phase: 'data' },
      { type: 'loading', scanned: 40, decoded: 12, skipped: 1, total: 40 },
      { type: 'phase', phase: 'model' },
      { type: 'phase', phase: 'first-step' }
    ]
    for (const event of events) {
      view = foldEvents(view, [event], 1)
      said.push(startPhaseText(view)!)
    }
    expect(said).toEqual([
      'Starting: backend (loading the engine and choosing where to train)…',
      'Starting: backend (loading the engine and choosing where to train)…',
      'Loading data…',
      'Loading data: 12 images decoded of 40, 1 skipped…',
      'Building the model…',
      'First step (preparing the kernels)…'
    ])
    view = foldEvents(view, [stepEvent(0)], 2)
    expect(view.phase).toBe('running')
    expect(view.startPhase).toBeNull()
    expect(startPhaseText(view)).toBeNull()
  })

  it('says nothing before a run, and ignores a phase that arrives after training began', () => {
    expect(startPhaseText(emptyRun())).toBeNull()
    let view = foldEvents(startingRun('r1', config(), 0), [stepEvent(0)], 1)
    view = foldEvents(view, [{ type: 'phase', phase: 'data' }], 2)
    expect(view.startPhase).toBeNull()
  })
})
