import { afterAll, describe, expect, it } from 'vitest'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { TrainEventBatch } from '../../../main/contract/ipc/contract'
import type { HostCommand } from '../../../main/contract/trainer-protocol'
import { createTrainingRunner } from '../../../main/app/training-runner'
import type { TrainerTransport } from '../../../main/engine/host/transport'
import { workerThreadTransport } from '../../../main/engine/host/worker-thread-transport'
import { presetConfig } from '../../../main/config/presets'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

afterAll(() => removeTempDirs())

/** Real worker-thread trainers, each remembered with what it was sent and when it exited. */
function trackedWorkers() {
  const made: { sent: HostCommand[]; exited: Promise<string> }[] = []
  const transport = (): TrainerTransport => {
    const inner = workerThreadTransport()
    const sent: HostCommand[] = []
    const exited = new Promise<string>((resolve) => inner.onExit(resolve))
    made.push({ sent, exited })
    return { ...inner, send: (command) => (sent.push(command), inner.send(command)) }
  }
  return { made, transport }
}

/** Three steps of a tiny dense net on synthetic data. */
function tinyRun(): { config: RunConfig; data: { kind: 'synthetic'; examplesPerClass: number } } {
  const base = presetConfig('relu-he')!
  return {
    config: {
      ...base,
      name: 'warm',
      model: { ...base.model, layers: base.model.layers.slice(0, 1) },
      training: { ...base.training, batchSize: 16, epochs: 1, maxSteps: 3 }
    },
    data: { kind: 'synthetic', examplesPerClass: 8 }
  }
}

describe('the warm trainer', () => {
  it('is prepared ahead without a training slot, reused by the next start, replaced after the run, and ended by close', async () => {
    const workers = trackedWorkers()
    const batches: TrainEventBatch[] = []
    const runner = createTrainingRunner({
      runsDir: await tempDir('runner-'),
      transport: workers.transport,
      prepare: async () => ({ type: 'prepare', backend: 'cpu' }),
      broadcast: (batch) => batches.push(batch)
    })
    runner.warmUp()
    runner.warmUp() // one spare at most
    expect(workers.made).toHaveLength(1)
    expect(runner.busy()).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(workers.made[0]!.sent).toEqual([{ type: 'prepare', backend: 'cpu' }])

    const status = await runner.start({ ...tinyRun(), backend: 'cpu' })
    expect(workers.made).toHaveLength(1) // the spare took the run: no new trainer
    expect(workers.made[0]!.sent.map((c) => c.type)).toEqual(['prepare', 'start'])
    await runner.idle()
    const events = batches.flatMap((b) => b.events)
    const end = events.at(-1)
    expect(end?.type === 'end' && end.end.status).toBe('completed')
    expect(end?.type === 'end' && end.end.steps).toBe(3)
    expect(status.runId).toMatch(/warm/)

    // The run's trainer is gone; a new spare waits for the next start.
    await workers.made[0]!.exited
    expect(workers.made).toHaveLength(2)
    expect(runner.busy()).toBeNull()

    runner.close()
    await workers.made[1]!.exited
    runner.warmUp() // closed: starts no more
    expect(workers.made).toHaveLength(2)
  })

  it('starts a fresh trainer when the spare has died, and none ahead without `prepare`', async () => {
    const workers = trackedWorkers()
    const runner = createTrainingRunner({
      runsDir: await tempDir('runner-'),
      transport: workers.transport,
      prepare: async () => ({ type: 'prepare', backend: 'cpu' }),
      broadcast: () => {}
    })
    runner.warmUp()
    // A trainer that dies before the run (here: ended from outside) is not handed a run.
    const spare = workers.made[0]!
    runner.close()
    await spare.exited
    const cold = createTrainingRunner({
      runsDir: await tempDir('runner-'),
      transport: workers.transport,
      broadcast: () => {}
    })
    cold.warmUp()
    expect(workers.made).toHaveLength(1)
    await cold.start({ ...tinyRun(), backend: 'cpu' })
    expect(workers.made).toHaveLength(2)
    expect(workers.made[1]!.sent.map((c) => c.type)).toEqual(['start'])
    await cold.idle()
    await workers.made[1]!.exited
    cold.close()
  })
})
