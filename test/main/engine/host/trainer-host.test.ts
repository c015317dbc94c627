import { describe, expect, it } from 'vitest'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { startTrainer } from '../../../../main/engine/host/trainer-host'
import { workerThreadTransport } from '../../../../main/engine/host/worker-thread-transport'
import {
  START_PHASES,
  type HostCommand,
  type TrainEvent,
  type TrainRequest
} from '../../../../main/contract/trainer-protocol'

const CRASHING = new URL('./fixtures/crashing-worker.ts', import.meta.url)

/** A small dense net on synthetic data: 10 classes × `perClass` examples, batch 16. */
function tinyRequest(
  perClass: number,
  epochs: number,
  overrides: Partial<RunConfig['training']> = {}
): TrainRequest {
  const base = presetConfig('relu-he')
  if (!base) throw new Error('relu-he preset missing')
  const config: RunConfig = {
    ...base,
    model: {
      ...base.model,
      layers: base.model.layers.slice(0, 2).map((l) => ({ ...l, units: 16 }) as typeof l)
    },
    training: { ...base.training, batchSize: 16, epochs, ...overrides },
    probe: { ...base.probe, statsEvery: 4, probeSize: 32 }
  }
  return {
    runId: 'host-test',
    config,
    data: { kind: 'synthetic', examplesPerClass: perClass },
    backend: 'cpu'
  }
}

function collect(handle: ReturnType<typeof startTrainer>): TrainEvent[] {
  const events: TrainEvent[] = []
  handle.on((event) => events.push(event))
  return events
}

const types = (events: TrainEvent[]) => events.map((e) => e.type)

describe('startTrainer on a worker thread', () => {
  it('forwards every event in order and ends with end, despite an unknown command and a throwing listener', async () => {
    const transport = workerThreadTransport()
    transport.send({ type: 'explode' } as unknown as HostCommand)
    const handle = startTrainer(tinyRequest(10, 2), { transport })
    handle.on((e) => {
      if (e.type === 'dataset') throw new Error('a careless listener')
    })
    const events = collect(handle)
    const end = await handle.done
    expect(end.status).toBe('completed')
    const order = types(events)
    // Each start phase is announced before what it produces; the last one before the first step.
    expect(order.slice(0, 7)).toEqual([
      'phase',
      'backend',
      'phase',
      'dataset',
      'phase',
      'layers',
      'phase'
    ])
    const phases = events.flatMap((e) => (e.type === 'phase' ? [e.phase] : []))
    expect(phases).toEqual([...START_PHASES])
    expect(order.lastIndexOf('phase')).toBeLessThan(order.indexOf('step'))
    expect(order.slice(-2)).toEqual(['weights', 'end'])
    const steps = events.flatMap((e) => (e.type === 'step' ? [e.record.step] : []))
    expect(steps).toEqual([...Array(end.steps).keys()])
    expect(end.steps).toBe(10) // 2 epochs × ceil(80 / 16)
    expect(order.filter((t) => t === 'epoch')).toHaveLength(2)
    expect(order.indexOf('probe')).toBeGreaterThan(order.indexOf('layers'))
    const last = events.at(-1)
    expect(last?.type === 'end' && last.end).toEqual(end)
  })

  it('pauses between steps, resumes, and stops after the current step keeping status stopped', async () => {
    const handle = startTrainer(tinyRequest(40, 50))
    const events = collect(handle)
    await new Promise<void>((resolve) =>
      handle.on((e) => e.type === 'step' && e.record.step === 2 && resolve())
    )
    handle.pause()
    await new Promise<void>((resolve) =>
      handle.on((e) => e.type === 'state' && e.state === 'paused' && resolve())
    )
    const stepsAtPause = types(events).filter((t) => t === 'step').length
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(types(events).filter((t) => t === 'step').length).toBe(stepsAtPause)
    handle.resume()
    await new Promise<void>((resolve) =>
      handle.on((e) => e.type === 'step' && e.record.step === stepsAtPause + 2 && resolve())
    )
    handle.stop()
    const end = await handle.done
    expect(end.status).toBe('stopped')
    expect(end.steps).toBeGreaterThan(stepsAtPause)
    expect(end.steps).toBeLessThan(50 * 25)
    expect(types(events)).toContain('weights')
    expect(types(events).filter((t) => t === 'state')).toEqual(['state', 'state', 'state'])
    expect(types(events).at(-1)).toBe('end')
  })

  it('ends failed with the reason when the request cannot run (a forced backend that is absent)', async () => {
    const handle = startTrainer({ ...tinyRequest(10, 1), backend: 'node-gpu' })
    const events = collect(handle)
    const end = await handle.done
    expect(end.status).toBe('failed')
    expect(end.reason).toMatch(/node-gpu/)
    expect(types(events).at(-1)).toBe('end')
  })

  it('resolves done as failed when the worker is killed mid-run, and the host can train again', async () => {
    const transport = workerThreadTransport()
    const handle = startTrainer(tinyRequest(40, 50), { transport })
    const events = collect(handle)
    await new Promise<void>((resolve) => handle.on((e) => e.type === 'step' && resolve()))
    transport.terminate()
    const end = await handle.done
    expect(end.status).toBe('failed')
    expect(end.reason).toMatch(/^The trainer crashed: .*exited with code 1/)
    expect(end.steps).toBeGreaterThan(0)
    expect(types(events).at(-1)).toBe('end')
    const again = await startTrainer(tinyRequest(10, 1)).done
    expect(again.status).toBe('completed')
  })
})

describe('startTrainer when the trainer crashes', () => {
  const crash = async (mode: 'throw' | 'exit' | 'oom') => {
    const transport = workerThreadTransport({
      entry: CRASHING,
      workerData: { mode },
      resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 }
    })
    const handle = startTrainer(tinyRequest(10, 1), { transport })
    const events = collect(handle)
    const end = await handle.done
    return { end, events }
  }

  it('reports an uncaught exception as a crash with its message', async () => {
    const { end, events } = await crash('throw')
    expect(end).toMatchObject({
      status: 'failed',
      reason: 'The trainer crashed: the weights turned into soup'
    })
    expect(types(events)).toEqual(['backend', 'end'])
  })

  it('reports process.exit as a crash with the exit code', async () => {
    const { end } = await crash('exit')
    expect(end).toMatchObject({
      status: 'failed',
      reason: 'The trainer crashed: its thread exited with code 7'
    })
  })

  it('reports running out of memory as a crash', async () => {
    const { end, events } = await crash('oom')
    expect(end.status).toBe('failed')
    expect(end.reason).toMatch(/^The trainer crashed: .*memory/i)
    expect(types(events).at(-1)).toBe('end')
  })
})
