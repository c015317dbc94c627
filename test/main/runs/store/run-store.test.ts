import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUN_FILES } from '../../../../main/contract/runs/run-files'
import {
  checkRunId,
  deleteRun,
  listRuns,
  openRun,
  renameRun,
  rerunConfig,
  tagRun
} from '../../../../main/runs/store/run-store'
import { removeTempDirs, tempDir, tinyConfig, trainRun } from '../train-cli'

afterAll(removeTempDirs)

let runs: string
let first: string
let second: string

beforeAll(async () => {
  const root = await tempDir('store')
  const short = {
    data: { trainPerClass: 20 },
    training: {
      optimizer: { type: 'adam' as const, learningRate: 0.01 },
      batchSize: 50,
      epochs: 1,
      seed: 3
    }
  }
  const a = await trainRun(root, tinyConfig({ name: 'first', ...short }))
  const b = await trainRun(
    root,
    tinyConfig({
      name: 'second',
      ...short,
      training: { ...short.training, optimizer: { type: 'sgd', learningRate: 0.2 } }
    })
  )
  runs = join(root, 'runs')
  first = basename(a)
  second = basename(b)
}, 240_000)

describe('the run store', () => {
  it('lists every run newest first with status, counts and findings codes', async () => {
    const listed = await listRuns(runs)
    expect(listed.map((r) => (r.ok ? r.run.id : r.error))).toEqual([second, first].sort().reverse())
    const entry = listed.find((r) => r.ok && r.run.id === first)
    expect(entry?.ok && entry.run).toMatchObject({
      name: 'first',
      status: 'completed',
      epochs: 1,
      displayName: 'first',
      tags: []
    })
  })

  it('opens a run with its records and recomputed findings', async () => {
    const run = await openRun(runs, first)
    expect(run.steps.length).toBe(run.summary.steps)
    expect(run.probes.length).toBeGreaterThan(0)
    expect(Array.isArray(run.summary.findings)).toBe(true)
  })

  it('renames and tags through meta.json without touching the record', async () => {
    const summaryBefore = await readFile(join(runs, first, RUN_FILES.summary), 'utf8')
    await renameRun(runs, first, '  Baseline  ')
    const meta = await tagRun(runs, first, ['relu', ' relu ', '', 'small'])
    expect(meta).toEqual({ displayName: 'Baseline', tags: ['relu', 'small'] })
    expect((await openRun(runs, first)).meta).toEqual(meta)
    expect(await readFile(join(runs, first, RUN_FILES.summary), 'utf8')).toBe(summaryBefore)
    expect((await renameRun(runs, first, '')).displayName).toBeNull()
    await expect(tagRun(runs, first, ['x'.repeat(41)])).rejects.toThrow(/longer than 40/)
  })

  it("returns a run's validated configuration to train it again", async () => {
    const config = await rerunConfig(runs, second)
    expect(config.training.optimizer).toEqual({ type: 'sgd', learningRate: 0.2 })
    expect(config.name).toBe('second')
  })

  it('refuses ids that would leave the runs folder', async () => {
    for (const id of ['../etc', 'a/b', '.hidden', '..', ''])
      expect(() => checkRunId(id)).toThrow(/not a run id/)
    await expect(openRun(runs, '../../etc')).rejects.toThrow(/not a run id/)
  })

  it('deletes a run and its files', async () => {
    await deleteRun(runs, second)
    expect(await readdir(runs)).not.toContain(second)
    expect((await listRuns(runs)).map((r) => (r.ok ? r.run.id : r.id))).toEqual([first])
  })

  it('opens and deletes a run whose summary.json is damaged, which it lists with the reason', async () => {
    const broken = '20261127-000000-broken-0001'
    await cp(join(runs, first), join(runs, broken), { recursive: true })
    await writeFile(join(runs, broken, RUN_FILES.summary), '{"format": 1, "sta')
    const listed = (await listRuns(runs)).find((r) => !r.ok)
    expect(listed).toMatchObject({ ok: false, id: broken, error: expect.stringMatching(/damaged/) })
    const original = await openRun(runs, first)
    const rebuilt = await openRun(runs, broken)
    expect(rebuilt.summary).toMatchObject({
      status: 'interrupted',
      steps: original.summary.steps,
      epochs: original.summary.epochs,
      final: { valAcc: original.summary.final.valAcc }
    })
    expect(rebuilt.summary.reason).toMatch(/summary\.json is damaged; this summary is rebuilt/)
    await deleteRun(runs, broken)
    expect(await readdir(runs)).not.toContain(broken)
  })

  it('refuses to delete a folder that is not a run', async () => {
    await mkdir(join(runs, 'not-a-run'))
    await expect(deleteRun(runs, 'not-a-run')).rejects.toThrow(
      `There is no run not-a-run in ${runs}.`
    )
    expect(await readdir(runs)).toContain('not-a-run')
  })
})
