import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunListItem, TrainingStatus } from '../../../main/contract/ipc/contract'
import { appFixture, errorOf, valueOf, type AppFixture } from './app-fixture'

/** A run long enough to steer: up to 5000 steps of a tiny dense net on synthetic data. */
const request = {
  config: {
    name: 'steered',
    model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
    training: {
      optimizer: { type: 'sgd', learningRate: 0.01 },
      batchSize: 8,
      epochs: 500,
      maxSteps: 5000
    },
    probe: { statsEvery: 100, probeSize: 16 }
  },
  data: { kind: 'synthetic', examplesPerClass: 8 },
  backend: 'cpu'
}

let app: AppFixture
beforeAll(async () => {
  app = await appFixture()
})
afterAll(() => app.cleanup())

const events = () => app.batches.flatMap((b) => b.events)
const steps = () => events().filter((e) => e.type === 'step').length
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean, what: string) {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 60_000) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

describe('training session', () => {
  it('pauses, resumes and stops a run, which then ends `stopped` with its records', async () => {
    const { runId } = valueOf<TrainingStatus>(await app.call('train:start', request))
    await until(() => steps() > 0, 'the first step')

    expect(valueOf<TrainingStatus>(await app.call('train:pause', { runId })).state).toBe('paused')
    await until(
      () => events().some((e) => e.type === 'state' && e.state === 'paused'),
      'the paused state'
    )
    await sleep(300)
    const whilePaused = steps()
    await sleep(500)
    expect(steps()).toBe(whilePaused)

    expect(valueOf<TrainingStatus>(await app.call('train:resume', { runId })).state).toBe('running')
    await until(() => steps() > whilePaused + 5, 'steps after resuming')

    expect(valueOf<TrainingStatus>(await app.call('train:stop', { runId })).state).toBe('stopping')
    expect(errorOf(await app.call('train:pause', { runId }))).toMatch(/is stopping/)
    await app.ctx.training.idle()
    const end = events().at(-1)
    expect(end?.type === 'end' && end.end.status).toBe('stopped')
    const [item] = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(item!.status).toBe('stopped')
    expect(item!.steps).toBeLessThan(5000)
  })
})

describe('training session under concurrency', () => {
  it('starts exactly one run for two simultaneous starts, and stop stops that run', async () => {
    const twice = await appFixture()
    try {
      const answers = await Promise.all([
        twice.call('train:start', request),
        twice.call('train:start', request)
      ])
      const started = answers.filter((a) => a.ok)
      const refused = answers.filter((a) => !a.ok)
      expect(started).toHaveLength(1)
      expect(refused).toHaveLength(1)
      expect(errorOf(refused[0]!)).toMatch(/A run is already training \(.+\); stop it/)
      const { runId } = valueOf<TrainingStatus>(started[0]!)
      expect(valueOf<TrainingStatus>(await twice.call('train:stop', { runId })).state).toBe(
        'stopping'
      )
      await twice.ctx.training.idle()
      const listed = valueOf<RunListItem[]>(await twice.call('runs:list'))
      expect(listed.map((r) => [r.id, r.status])).toEqual([[runId, 'stopped']])
      // The slot is free again once the run has ended.
      const next = valueOf<TrainingStatus>(await twice.call('train:start', request))
      await twice.call('train:stop', { runId: next.runId })
    } finally {
      await twice.cleanup()
    }
  })
})
