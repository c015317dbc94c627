import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunListItem, TrainingStatus } from '../../../preload/contract'
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
    instruments: { statsEvery: 100, probeSize: 16 }
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
    expect(item.status).toBe('stopped')
    expect(item.steps).toBeLessThan(5000)
  })
})
