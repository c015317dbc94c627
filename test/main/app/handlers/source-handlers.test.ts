/**
 * Runs kept outside the app's runs folder, through the real handlers: a watched folder lists its
 * runs (and ones that appear later), a run there opens, exports and is followed live while its
 * writer appends records; browser mode refuses folders outside --runs-dir and the data roots.
 * The "other process" here is this test writing the run files the way a writer does (one
 * write per JSON line, summary.json replaced at the end).
 */
import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify, toLine } from '../../../../main/contract/json-lines'
import { startingSummary } from '../../../../main/contract/runs/summary'
import { parseRunConfig } from '../../../../main/contract/config/validate'
import type { RunDetail, RunListItem, RunSource } from '../../../../main/contract/ipc/contract'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'
import { appFixture, errorOf, tinyDenseConfig, valueOf, type AppFixture } from '../app-fixture'

let app: AppFixture | null = null
afterEach(async () => {
  await app?.cleanup()
  app = null
  await removeTempDirs()
})

/** A run folder as another process starts it: config, layers, a running summary, writer.pid. */
async function startedRun(root: string, id: string, pid = process.pid): Promise<string> {
  const dir = join(root, id)
  await mkdir(dir, { recursive: true })
  const parsed = parseRunConfig(tinyDenseConfig(id, 50))
  if (!parsed.ok) throw new Error(parsed.error)
  await writeFile(join(dir, 'config.json'), stringify(parsed.value, 2))
  // What the PyTorch probe writes for a one-Linear model (it refuses a model with none).
  const layer = {
    name: 'fc',
    kind: 'dense',
    activation: 'softmax',
    initializer: 'pytorch-default',
    batchNorm: false,
    dropout: 0,
    fanIn: 784,
    units: 10,
    outputShape: [10]
  }
  await writeFile(join(dir, 'layers.json'), stringify([layer], 2))
  await writeFile(join(dir, 'writer.pid'), `${pid}\n`)
  const summary = { ...startingSummary(id, parsed.value, 'pytorch', new Date().toISOString()) }
  await writeFile(join(dir, 'summary.json'), stringify(summary, 2))
  return dir
}

const step = (n: number) => ({ step: n, epoch: 0, loss: 1 / (n + 1), acc: 0.5, lr: 0.1, ms: 3 })

describe('run sources', () => {
  it('a watched folder under a data root lists its runs, new ones included, and they open', async () => {
    const data = await tempDir('data-root')
    app = await appFixture({ dataRoots: [data] })
    const folder = join(data, 'synced')
    await startedRun(folder, '20261203-100000-torch-a-0001', 999_999_999)
    const added = valueOf<{ sources: RunSource[]; added: RunSource }>(
      await app.call('runs:add-source', { path: folder })
    )
    expect(added.added).toEqual({ path: folder, watch: true })
    let list = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(list.map((r) => [r.id, r.status, r.backend])).toEqual([
      ['20261203-100000-torch-a-0001', 'interrupted', 'pytorch']
    ])
    await startedRun(folder, '20261203-110000-torch-b-0002')
    list = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(list.map((r) => r.id)).toEqual([
      '20261203-110000-torch-b-0002',
      '20261203-100000-torch-a-0001'
    ])
    const detail = valueOf<RunDetail>(await app.call('runs:open', { runId: list[0]!.id }))
    expect(detail.dir).toBe(join(folder, list[0]!.id))
    expect(valueOf<RunSource[]>(await app.call('runs:sources'))).toEqual([
      { path: folder, watch: true }
    ])
    expect(valueOf<RunSource[]>(await app.call('runs:remove-source', { path: folder }))).toEqual([])
    expect(errorOf(await app.call('runs:open', { runId: list[0]!.id }))).toMatch(
      /config\.json is missing/
    )
  })

  it('browser mode refuses a folder outside --runs-dir and the data roots, and says where to put it', async () => {
    app = await appFixture()
    const elsewhere = await tempDir('elsewhere')
    expect(errorOf(await app.call('runs:add-source', { path: elsewhere }))).toMatch(
      /outside the folders this server may read; choose a folder under .*--runs-dir.*--data-root/
    )
    expect(errorOf(await app.call('runs:add-source', {}))).toMatch(
      /no folder dialog in browser mode/
    )
  })

  it('the desktop app adds the folder chosen in the dialog, or nothing when cancelled', async () => {
    const chosen = await tempDir('chosen')
    const runDir = await startedRun(chosen, '20261203-120000-one-run-0003')
    let answer: string | null = runDir
    app = await appFixture({ mode: 'desktop', chooseFolder: async () => answer })
    const added = valueOf<{ added: RunSource }>(await app.call('runs:add-source', {}))
    expect(added.added).toEqual({ path: runDir, watch: false })
    answer = null
    expect(valueOf<{ added: null }>(await app.call('runs:add-source', {})).added).toBeNull()
  })

  it('follows a run while another writer appends to it: whole lines only, then the end', async () => {
    const data = await tempDir('data-root')
    app = await appFixture({ dataRoots: [data] })
    const id = '20261203-130000-live-0004'
    const dir = await startedRun(data, id)
    await appendFile(join(dir, 'steps.jsonl'), toLine(step(0)))
    valueOf(await app.call('runs:add-source', { path: data }))
    expect(valueOf(await app.call('runs:follow', { runId: id }))).toEqual({ following: true })
    const fx = app
    const steps = () =>
      fx.batches.flatMap((b) => b.events).flatMap((e) => (e.type === 'step' ? [e.record.step] : []))
    await appendFile(join(dir, 'steps.jsonl'), toLine(step(1)))
    const torn = toLine(step(2))
    await appendFile(join(dir, 'steps.jsonl'), torn.slice(0, 10))
    await expect.poll(steps, { timeout: 5000 }).toEqual([1])
    await appendFile(join(dir, 'steps.jsonl'), torn.slice(10))
    await expect.poll(steps, { timeout: 5000 }).toEqual([1, 2])
    const parsed = parseRunConfig(tinyDenseConfig(id, 50))
    if (!parsed.ok) throw new Error(parsed.error)
    const done = {
      ...startingSummary(id, parsed.value, 'pytorch', ''),
      status: 'completed',
      steps: 3
    }
    await writeFile(join(dir, 'summary.json'), stringify(done, 2))
    const ends = () => fx.batches.flatMap((b) => b.events).filter((e) => e.type === 'end')
    await expect.poll(() => ends().length, { timeout: 5000 }).toBe(1)
    expect(ends()[0]).toMatchObject({ end: { status: 'completed', steps: 3 } })
    expect(fx.batches.every((b) => b.runId === id)).toBe(true)
  })

  it('does not follow a run whose writer is gone', async () => {
    const data = await tempDir('data-root')
    app = await appFixture({ dataRoots: [data] })
    await startedRun(data, '20261203-140000-dead-0005', 999_999_999)
    valueOf(await app.call('runs:add-source', { path: data }))
    expect(valueOf(await app.call('runs:follow', { runId: '20261203-140000-dead-0005' }))).toEqual({
      following: false
    })
  })
})

describe('what a run source may not do', () => {
  it('browser mode only reads runs under a --data-root: rename, tag and delete are refused', async () => {
    const data = await tempDir('data-root')
    app = await appFixture({ dataRoots: [data] })
    const id = '20261203-150000-data-0006'
    const dir = await startedRun(data, id, 999_999_999)
    valueOf(await app.call('runs:add-source', { path: data }))
    expect(valueOf<RunListItem[]>(await app.call('runs:list')).map((r) => r.id)).toEqual([id])
    for (const [channel, request] of [
      ['runs:delete', { runId: id }],
      ['runs:rename', { runId: id, displayName: 'mine' }],
      ['runs:tag', { runId: id, tags: ['x'] }]
    ] as const)
      expect(errorOf(await app.call(channel, request))).toMatch(
        /under a --data-root, which this server only reads; restart it with --runs-dir/
      )
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'layers.json',
      'summary.json',
      'writer.pid'
    ])
  })

  it('on the desktop a typed run source does not open that folder for data:browse', async () => {
    const typed = await tempDir('typed')
    app = await appFixture({ mode: 'desktop' })
    valueOf(await app.call('runs:add-source', { path: typed }))
    expect(errorOf(await app.call('data:browse', { path: typed }))).toMatch(
      /has not been opened here/
    )
  })
})
