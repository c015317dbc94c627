import { describe, expect, it } from 'vitest'
import { createEventCoalescer } from '../../../main/app/event-coalescer'
import type { TrainEvent } from '../../../main/contract/trainer-protocol'
import type { TrainEventBatch } from '../../../main/contract/ipc/contract'

/** A hand-driven clock: `schedule` records timers, `advance` fires the due ones. */
function manualClock() {
  let now = 0
  let timers: { at: number; fn: () => void; live: boolean }[] = []
  return {
    schedule(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn, live: true }
      timers.push(timer)
      return () => void (timer.live = false)
    },
    advance(ms: number) {
      now += ms
      const due = timers.filter((t) => t.live && t.at <= now)
      timers = timers.filter((t) => t.live && t.at > now)
      for (const t of due) t.fn()
    },
    get armed() {
      return timers.filter((t) => t.live).length
    }
  }
}

const step = (n: number): TrainEvent => ({
  type: 'step',
  record: { step: n, epoch: 0, loss: 1 / (n + 1), acc: 0.5, lr: 0.01, ms: 2 }
})
const probe = (n: number): TrainEvent => ({
  type: 'probe',
  record: { step: n, epoch: 0, layers: [] }
})
const state = (s: 'running' | 'paused'): TrainEvent => ({ type: 'state', state: s })
const end: TrainEvent = {
  type: 'end',
  end: {
    status: 'completed',
    reason: null,
    steps: 3,
    epochs: 1,
    samplesPerSecond: 100,
    final: { trainLoss: 0.1, trainAcc: 0.9, valLoss: 0.2, valAcc: 0.8 },
    divergedAt: null,
    divergedLayer: null
  }
}

function setup(
  options: { maxSteps?: number; maxProbes?: number; canDeliver?: () => boolean } = {}
) {
  const clock = manualClock()
  const batches: TrainEventBatch[] = []
  const coalescer = createEventCoalescer('run-1', (b) => batches.push(b), {
    windowMs: 100,
    schedule: clock.schedule,
    ...options
  })
  return { clock, batches, coalescer }
}

describe('createEventCoalescer', () => {
  it('delivers nothing until the window closes, then everything in one batch', () => {
    const { clock, batches, coalescer } = setup()
    for (let i = 0; i < 5; i++) coalescer.push(step(i))
    clock.advance(99)
    expect(batches).toHaveLength(0)
    clock.advance(1)
    expect(batches).toHaveLength(1)
    expect(batches[0]!.runId).toBe('run-1')
    expect(batches[0]!.events.map((e) => (e.type === 'step' ? e.record.step : -1))).toEqual([
      0, 1, 2, 3, 4
    ])
  })

  it('keeps every step, epoch and probe but only the newest state of a window', () => {
    const { clock, batches, coalescer } = setup()
    coalescer.push(probe(0))
    coalescer.push(step(0))
    coalescer.push(state('paused'))
    coalescer.push(probe(25))
    coalescer.push(step(1))
    coalescer.push(state('running'))
    clock.advance(100)
    const kinds = batches[0]!.events.map((e) => e.type)
    expect(kinds).toEqual(['probe', 'step', 'probe', 'step', 'state'])
    // The probe at step 0 is the initialization the views compare against: never superseded.
    const probeSteps = batches[0]!.events.map((e) => (e.type === 'probe' ? e.record.step : -1))
    expect(probeSteps.filter((s) => s >= 0)).toEqual([0, 25])
    const lastState = batches[0]!.events.find((e) => e.type === 'state')
    expect(lastState?.type === 'state' && lastState.state).toBe('running')
  })

  it('delivers the end at once, after what was pending, and never forwards weights', () => {
    const { clock, batches, coalescer } = setup()
    coalescer.push(step(0))
    coalescer.push({
      type: 'weights',
      tensors: [{ name: 'dense_1/kernel', shape: [1], values: new Float32Array([1]) }]
    })
    coalescer.push(end)
    expect(batches).toHaveLength(1)
    expect(batches[0]!.events.map((e) => e.type)).toEqual(['step', 'end'])
    expect(clock.armed).toBe(0)
  })

  it('holds batches while the receiver is congested and bounds what it holds', () => {
    let congested = true
    const { clock, batches, coalescer } = setup({
      maxSteps: 100,
      maxProbes: 20,
      canDeliver: () => !congested
    })
    for (let i = 0; i < 10_000; i++) {
      coalescer.push(step(i))
      if (i % 10 === 0) coalescer.push(probe(i))
      if (i % 50 === 0) clock.advance(100)
    }
    expect(batches).toHaveLength(0)
    congested = false
    clock.advance(100)
    expect(batches).toHaveLength(1)
    const { events, droppedSteps } = batches[0]!
    const steps = events.filter((e) => e.type === 'step')
    expect(steps.length).toBeLessThanOrEqual(100)
    expect(steps.length + droppedSteps).toBe(10_000)
    const probes = events.flatMap((e) => (e.type === 'probe' ? [e.record.step] : []))
    expect(probes.length).toBeLessThanOrEqual(20)
    expect(probes.length).toBeGreaterThan(5)
    expect([...probes].sort((a, b) => a - b)).toEqual(probes)
    // The newest step, the first probe and the newest probe always survive thinning.
    expect(steps.at(-1)?.type === 'step' && steps.at(-1)?.record.step).toBe(9999)
    expect(probes[0]).toBe(0)
    expect(probes.at(-1)).toBe(9990)
  })

  it('keeps the steps it delivers in increasing order after thinning', () => {
    const { clock, batches, coalescer } = setup({ maxSteps: 10 })
    for (let i = 0; i < 50; i++) coalescer.push(step(i))
    clock.advance(100)
    const order = batches[0]!.events.map((e) => (e.type === 'step' ? e.record.step : -1))
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(new Set(order).size).toBe(order.length)
  })

  it('opens a new window for events after a delivery and ignores events after dispose', () => {
    const { clock, batches, coalescer } = setup()
    coalescer.push(step(0))
    clock.advance(100)
    coalescer.push(step(1))
    clock.advance(100)
    expect(batches).toHaveLength(2)
    coalescer.dispose()
    coalescer.push(step(2))
    clock.advance(1000)
    expect(batches).toHaveLength(2)
  })
})
