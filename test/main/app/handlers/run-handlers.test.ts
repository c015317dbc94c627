import {
  access,
  cp,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  unlink
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunConfig } from '../../../../main/contract/config/schema'
import type { RunMeta } from '../../../../main/contract/runs/summary'
import type {
  ExportDone,
  RunDetail,
  RunListItem,
  TrainingStatus
} from '../../../../main/contract/ipc/contract'
import type { Finding } from '../../../../main/contract/runs/summary'
import { appFixture, errorOf, valueOf, type AppFixture } from '../app-fixture'

/** Every hidden weight starts at 0: a run the diagnosis has something to say about (symmetry). */
const config = {
  name: 'history run',
  model: {
    inputShape: [8, 8, 1],
    layers: [
      { type: 'dense', units: 8, activation: 'tanh', initializer: 'zeros' },
      { type: 'dense', units: 8, activation: 'tanh', initializer: 'zeros' }
    ]
  },
  training: {
    optimizer: { type: 'sgd', learningRate: 0.05 },
    batchSize: 16,
    epochs: 1,
    seed: 4,
    maxSteps: 8
  },
  probe: { statsEvery: 2, probeSize: 16 }
}

let app: AppFixture
let runId: string
beforeAll(async () => {
  app = await appFixture()
  const started = valueOf<TrainingStatus>(
    await app.call('train:start', {
      config,
      data: { kind: 'synthetic', examplesPerClass: 12 },
      backend: 'cpu'
    })
  )
  runId = started.runId
  // Asked while the run is still being written: the answer waits for its final summary.
  findingsWhileEnding = app.call('runs:findings', { runId })
  await app.ctx.training.idle()
})
afterAll(() => app.cleanup())
let findingsWhileEnding: ReturnType<AppFixture['call']>

describe('run history handlers', () => {
  it('lists a finished run from its summary with status, metrics and findings codes', async () => {
    const [item] = valueOf<RunListItem[]>(await app.call('runs:list'))
    const summary = JSON.parse(await readFile(join(app.ctx.runsDir, runId, 'summary.json'), 'utf8'))
    expect(item).toMatchObject({
      id: runId,
      name: 'history run',
      displayName: 'history run',
      status: 'completed',
      steps: summary.steps,
      damage: null,
      findings: summary.findings.map((f: Finding) => f.code)
    })
    expect(item!.steps).toBeGreaterThan(0)
    expect(item!.final.trainLoss).toBe(summary.final.trainLoss)
  })

  it('answers the findings of the run that was ending once its summary was final', async () => {
    const findings = valueOf<Finding[]>(await findingsWhileEnding)
    const opened = valueOf<RunDetail>(await app.call('runs:open', { runId }))
    expect(opened.summary.status).toBe('completed')
    expect(findings).toEqual(opened.summary.findings)
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings) {
      expect(['info', 'warning', 'problem']).toContain(f.severity)
      expect(f.evidence.length).toBeGreaterThan(10)
    }
  })

  it('renames and tags a run, and the list and the opened run show it', async () => {
    const renamed = valueOf<RunMeta>(
      await app.call('runs:rename', { runId, displayName: '  Baseline  ' })
    )
    expect(renamed.displayName).toBe('Baseline')
    const tagged = valueOf<RunMeta>(
      await app.call('runs:tag', { runId, tags: ['relu', ' relu ', 'small', ''] })
    )
    expect(tagged).toEqual({ displayName: 'Baseline', tags: ['relu', 'small'] })
    const [item] = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(item).toMatchObject({ displayName: 'Baseline', name: 'history run' })
    expect(item!.tags).toEqual(['relu', 'small'])
    expect(valueOf<RunDetail>(await app.call('runs:open', { runId })).meta).toEqual(tagged)
    valueOf(await app.call('runs:rename', { runId, displayName: '' }))
    const [reset] = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(reset!.displayName).toBe('history run')
  })

  it("hands back the run's validated configuration to train again", async () => {
    const { config: back } = valueOf<{ config: RunConfig }>(await app.call('runs:rerun', { runId }))
    expect(back.name).toBe('history run')
    expect(back.training.maxSteps).toBe(8)
    expect(back.model.layers).toHaveLength(2)
  })

  it('exports HTML into the run folder with a browser download URL for each file', async () => {
    const done = valueOf<ExportDone>(await app.call('runs:export', { runId, format: 'html' }))
    expect(done.paths).toHaveLength(1)
    expect(done.paths[0]!.startsWith(join(app.ctx.runsDir, runId, 'export'))).toBe(true)
    expect((await stat(done.paths[0]!)).size).toBeGreaterThan(1000)
    expect(done.urls).toEqual([`exports/${runId}/${done.paths[0]!.split('/').pop()}`])
  })

  it('refuses to export, tag or delete through symbolic links, writing nothing outside', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'trainscape-outside-'))
    const folder = join(app.ctx.runsDir, runId)
    try {
      await rename(join(folder, 'export'), join(folder, 'export-real'))
      await symlink(outside, join(folder, 'export'))
      for (const format of ['html', 'csv', 'json', 'tfevents', 'model']) {
        const error = errorOf(await app.call('runs:export', { runId, format }))
        expect(error).toMatch(/export is a symbolic link/)
      }
      expect(await readdir(outside)).toEqual([])
      await unlink(join(folder, 'export'))
      await rename(join(folder, 'export-real'), join(folder, 'export'))
      // A whole run folder that is a link to a run elsewhere: not renamed, tagged or deleted.
      await cp(folder, join(outside, 'copy'), { recursive: true })
      await symlink(join(outside, 'copy'), join(app.ctx.runsDir, 'linked-run'))
      const metaBefore = await readFile(join(outside, 'copy', 'meta.json'), 'utf8')
      expect(errorOf(await app.call('runs:tag', { runId: 'linked-run', tags: ['x'] }))).toMatch(
        /symbolic link/
      )
      expect(errorOf(await app.call('runs:delete', { runId: 'linked-run' }))).toMatch(
        /symbolic link/
      )
      for (const [channel, request] of [
        ['runs:open', { runId: 'linked-run' }],
        ['runs:rerun', { runId: 'linked-run' }],
        ['runs:rename', { runId: 'linked-run', displayName: 'x' }]
      ] as const)
        expect(errorOf(await app.call(channel, request))).toMatch(/symbolic link/)
      expect(await readFile(join(outside, 'copy', 'meta.json'), 'utf8')).toBe(metaBefore)
      await access(join(app.ctx.runsDir, 'linked-run', 'config.json'))
    } finally {
      await rm(join(app.ctx.runsDir, 'linked-run'), { force: true })
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('refuses hostile ids, names and tags naming the field, and changes nothing', async () => {
    const metaBefore = await readFile(join(app.ctx.runsDir, runId, 'meta.json'), 'utf8')
    for (const bad of ['../x', '/etc', 'a/b', '..', '.hidden', '']) {
      expect(errorOf(await app.call('runs:delete', { runId: bad }))).toMatch(/runId/)
      expect(errorOf(await app.call('runs:rename', { runId: bad, displayName: 'x' }))).toMatch(
        /runId/
      )
    }
    expect(errorOf(await app.call('runs:rename', { runId, displayName: 7 }))).toMatch(/displayName/)
    expect(errorOf(await app.call('runs:rename', { runId, displayName: 'x'.repeat(101) }))).toMatch(
      /displayName.*100/
    )
    expect(errorOf(await app.call('runs:tag', { runId, tags: 'relu' }))).toMatch(/tags/)
    expect(errorOf(await app.call('runs:tag', { runId, tags: ['x'.repeat(41)] }))).toMatch(
      /tags\[0\].*40/
    )
    expect(errorOf(await app.call('runs:tag', { runId, tags: Array(21).fill('t') }))).toMatch(
      /20 tags/
    )
    expect(errorOf(await app.call('runs:delete', { runId, path: '/' }))).toMatch(/Unrecognized/)
    expect(errorOf(await app.call('runs:rerun', { runId: 'no-such-run' }))).toMatch(/no-such-run/)
    expect(await readFile(join(app.ctx.runsDir, runId, 'meta.json'), 'utf8')).toBe(metaBefore)
    await access(join(app.ctx.runsDir, runId, 'config.json'))
  })

  it('deletes a run and its files, after which it is gone from the list', async () => {
    expect(valueOf(await app.call('runs:delete', { runId }))).toEqual({ runId })
    expect(await readdir(app.ctx.runsDir)).not.toContain(runId)
    expect(valueOf<RunListItem[]>(await app.call('runs:list'))).toEqual([])
    expect(errorOf(await app.call('runs:open', { runId }))).toMatch(/config\.json is missing/)
  })
})
