import { access } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  RunDetail,
  RunListItem,
  TrainEventBatch,
  TrainingStatus
} from '../../../../main/contract/ipc/contract'
import { appFixture, errorOf, valueOf, tinyDenseConfig, type AppFixture } from '../app-fixture'

/** A tiny run: one dense layer on 8×8 synthetic images, a handful of steps. */
const config = tinyDenseConfig('tiny app run', 6)
const data = { kind: 'synthetic', examplesPerClass: 12 }

let app: AppFixture
let started: TrainingStatus
beforeAll(async () => {
  app = await appFixture()
  started = valueOf<TrainingStatus>(await app.call('train:start', { config, data, backend: 'cpu' }))
})
afterAll(() => app.cleanup())

describe('train and run handlers', () => {
  it('starts a run with an id made from the config name and refuses a second one meanwhile', async () => {
    expect(started.runId).toMatch(/^\d{8}-\d{6}-tiny-app-run-[0-9a-f]{4}$/)
    expect(started.state).toBe('running')
    const second = await app.call('train:start', { config, data, backend: 'cpu' })
    expect(errorOf(second)).toMatch(/already training \(.*\); stop it before starting another/)
    const listed = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(listed.map((r) => r.id)).toContain(started.runId)
  })

  it('streams coalesced batches that end with the run end, and writes a complete run', async () => {
    await app.ctx.training.idle()
    const events = app.batches.flatMap((b) => b.events)
    expect(app.batches.every((b) => b.runId === started.runId)).toBe(true)
    expect(events.at(-1)?.type).toBe('end')
    expect(events.filter((e) => e.type === 'step')).toHaveLength(6)
    expect(events.some((e) => e.type === 'layers')).toBe(true)
    expect(events.some((e) => (e.type as string) === 'weights')).toBe(false)
    expect(valueOf<TrainingStatus>(await app.call('train:status')).state).toBe('ended')

    const [item] = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(item!.id).toBe(started.runId)
    expect(item!.status).toBe('completed')
    expect(item!.steps).toBe(6)
    const run = valueOf<RunDetail>(await app.call('runs:open', { runId: started.runId }))
    expect(run.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5])
    expect(run.layers.map((l) => l.name)).toEqual(['dense_1', 'output'])
    expect(run.warnings).toEqual([])
  })

  it('exports a finished run into its export folder', async () => {
    await app.ctx.training.idle()
    const done = valueOf<{ paths: string[] }>(
      await app.call('runs:export', { runId: started.runId, format: 'csv' })
    )
    expect(done.paths.length).toBe(3)
    for (const path of done.paths) {
      expect(path).toContain(`${started.runId}/export/`)
      await access(path)
    }
  })

  it('refuses to steer a run that is not training, and unknown runs and formats', async () => {
    await app.ctx.training.idle()
    expect(errorOf(await app.call('train:pause', { runId: started.runId }))).toMatch(
      /is not training/
    )
    expect(errorOf(await app.call('train:stop', { runId: 'nope' }))).toMatch(/is not training/)
    expect(errorOf(await app.call('runs:open', { runId: 'no-such-run' }))).toMatch(/no-such-run/)
    expect(errorOf(await app.call('runs:export', { runId: started.runId, format: 'exe' }))).toMatch(
      /format/
    )
  })

  it('refuses a bad configuration with field-named messages and starts nothing', async () => {
    const bad = { ...config, training: { ...config.training, batchSize: 0 } }
    expect(errorOf(await app.call('train:start', { config: bad, data }))).toMatch(
      /training\.batchSize/
    )
    expect(valueOf<RunListItem[]>(await app.call('runs:list'))).toHaveLength(1)
  })

  it('refuses training on a folder outside the data roots', async () => {
    const error = errorOf(
      await app.call('train:start', { config, data: { kind: 'folder', path: '/etc' } })
    )
    expect(error).toMatch(/outside the data roots/)
  })

  it('opens a run that is still training with the backend and dataset it reported', async () => {
    await app.ctx.training.idle()
    const long = tinyDenseConfig('reopened mid-run', 5000)
    const live = valueOf<TrainingStatus>(
      await app.call('train:start', { config: long, data, backend: 'cpu' })
    )
    try {
      await until(() => app.batches.some((b) => b.runId === live.runId && hasStep(b)))
      const run = valueOf<RunDetail>(await app.call('runs:open', { runId: live.runId }))
      expect(run.summary.status).toBe('running')
      expect(run.summary.backend).toBe('cpu')
      expect(run.summary.dataset?.classes.length).toBeGreaterThan(1)
    } finally {
      await app.call('train:stop', { runId: live.runId })
      await app.ctx.training.idle()
    }
  })
})

const hasStep = (batch: TrainEventBatch) => batch.events.some((e) => e.type === 'step')

async function until(condition: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the run to start stepping')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
