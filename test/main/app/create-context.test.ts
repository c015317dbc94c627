import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext } from '../../../main/app/create-context'
import { dispatch } from '../../../main/app/dispatch'
import { createHandlers } from '../../../main/app/handlers'
import { sampleDatasetRoot } from '../../../main/data/folder/sample'
import type { RunSummary } from '../../../main/contract/runs/summary'
import type { RunListItem, TrainingStatus } from '../../../main/contract/ipc/contract'
import { appFixture, valueOf, tinyDenseConfig, type AppFixture } from './app-fixture'

const config = tinyDenseConfig('killed run', 5)

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0'])
  if (child.pid === undefined) throw new Error('could not start a child process')
  return child.pid
}

let app: AppFixture
let runDir: string
beforeAll(async () => {
  app = await appFixture()
  const started = valueOf<TrainingStatus>(
    await app.call('train:start', {
      config,
      data: { kind: 'synthetic', examplesPerClass: 10 },
      backend: 'cpu'
    })
  )
  await app.ctx.training.idle()
  runDir = started.runDir
  // What a run looks like on disk when the app was killed mid-way: the summary still says
  // "running" and writer.pid names a process that is gone.
  const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as RunSummary
  const asStarted = { ...summary, status: 'running', steps: 0, endedAt: null, findings: [] }
  await writeFile(join(runDir, 'summary.json'), JSON.stringify(asStarted))
  await writeFile(join(runDir, 'writer.pid'), `${deadPid()}\n`)
})
afterAll(() => app.cleanup())

describe('creating the app context', () => {
  it('marks a run whose trainer died as interrupted on disk, with what it recorded', async () => {
    const ctx = await createAppContext({
      mode: 'desktop',
      version: '0.0.0-test',
      userData: join(app.dir, 'user-data'),
      runsDir: app.ctx.runsDir,
      sampleRoot: sampleDatasetRoot(),
      broadcast: () => {}
    })
    const stored = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as RunSummary
    expect(stored.status).toBe('interrupted')
    expect(stored.reason).toMatch(/stopped without finishing/)
    expect(stored.steps).toBe(5)
    await expect(readFile(join(runDir, 'writer.pid'))).rejects.toThrow(/ENOENT/)
    const listed = await dispatch(createHandlers(ctx), 'runs:list', undefined)
    const [item] = valueOf<RunListItem[]>(listed)
    expect(item).toMatchObject({ status: 'interrupted', steps: 5, name: 'killed run' })
  })
})
