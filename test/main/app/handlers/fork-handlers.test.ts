/**
 * runs:fork through dispatch with the real handlers, trainer and run writer: a fork of a
 * finished run trains from the same start (its first loss equals the parent's when only the
 * learning rate changed, every layer's first weight statistics are the parent's), keeps
 * forkOf in its summary and the Runs list, takes the parent's first fix when no change is
 * given, and refuses what it cannot do with a message saying why.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunListItem, TrainingStatus } from '../../../../main/contract/ipc/contract'
import type { ForkOf, RunSummary } from '../../../../main/contract/runs/summary'
import type { ProbeRecord, StepRecord } from '../../../../main/contract/runs/records'
import { parse } from '../../../../main/contract/json-lines'
import { appFixture, errorOf, tinyDenseConfig, valueOf, type AppFixture } from '../app-fixture'

let app: AppFixture
let parentId: string
beforeAll(async () => {
  app = await appFixture()
  const started = valueOf<TrainingStatus>(
    await app.call('train:start', {
      config: tinyDenseConfig('fork parent', 6),
      data: { kind: 'synthetic', examplesPerClass: 12 },
      backend: 'wasm'
    })
  )
  parentId = started.runId
  await app.ctx.training.idle()
}, 120_000)
afterAll(() => app.cleanup())

const read = async <T>(runId: string, file: string): Promise<T> =>
  JSON.parse(await readFile(join(app.ctx.runsDir, runId, file), 'utf8')) as T
const lines = async <T>(runId: string, file: string): Promise<T[]> =>
  (await readFile(join(app.ctx.runsDir, runId, file), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => parse<T>(l))

/** Starts a fork, waits for it to end, returns its id and the forkOf the handler answered. */
async function fork(request: object): Promise<{ id: string; forkOf: ForkOf }> {
  const answer = valueOf<{ status: TrainingStatus; forkOf: ForkOf }>(
    await app.call('runs:fork', request)
  )
  await app.ctx.training.idle()
  return { id: answer.status.runId, forkOf: answer.forkOf }
}

describe('runs:fork', () => {
  it('trains the parent again with only the learning rate changed: same first loss, same initial weights', async () => {
    const lr = { path: 'training.optimizer.learningRate', value: 0.001 }
    const { id, forkOf } = await fork({ runId: parentId, changes: [lr] })
    const expected = {
      run: parentId,
      changes: [lr],
      words: ['lr 0.01 → 0.001'],
      reinitialized: [],
      notes: []
    }
    expect(forkOf).toEqual(expected)
    const summary = await read<RunSummary>(id, 'summary.json')
    const parent = await read<RunSummary>(parentId, 'summary.json')
    expect(summary.forkOf).toEqual(expected)
    expect(summary).toMatchObject({
      status: 'completed',
      seed: parent.seed,
      backend: parent.backend
    })
    expect((await read<{ training: object }>(id, 'config.json')).training).toEqual({
      ...(await read<{ training: object }>(parentId, 'config.json')).training,
      optimizer: expect.objectContaining({ learningRate: 0.001 })
    })
    const a = await lines<StepRecord>(parentId, 'steps.jsonl')
    const b = await lines<StepRecord>(id, 'steps.jsonl')
    // Step 0's loss is computed before the first update: the same weights on the same batch.
    expect(b[0]!.loss).toBe(a[0]!.loss)
    expect(b[1]!.loss).not.toBe(a[1]!.loss)
    const pa = await lines<ProbeRecord>(parentId, 'probes.jsonl')
    const pb = await lines<ProbeRecord>(id, 'probes.jsonl')
    expect(pb[0]!.step).toBe(0)
    expect(pb[0]!.layers.map((l) => l.weights)).toEqual(pa[0]!.layers.map((l) => l.weights))

    const list = valueOf<RunListItem[]>(await app.call('runs:list'))
    expect(list.find((r) => r.id === id)?.forkOf).toEqual(expected)
    expect(list.find((r) => r.id === parentId)?.forkOf).toBeNull()
  }, 120_000)

  it("takes the parent's first fix when no change is given, and says so when it has none", async () => {
    const summaryPath = join(app.ctx.runsDir, parentId, 'summary.json')
    const stored = await readFile(summaryPath, 'utf8')
    const summary = JSON.parse(stored) as RunSummary
    expect(errorOf(await app.call('runs:fork', { runId: parentId }))).toMatch(
      new RegExp(`^Run ${parentId} has no finding with a fix .*--set PATH=VALUE`)
    )
    // Stands in for the cause rules: a fix written into the stored finding.
    summary.findings = [
      {
        code: 'dead-relu',
        severity: 'warning',
        layers: [0],
        steps: null,
        evidence: 'stand-in',
        suggestion: 'a lower learning rate',
        fix: {
          changes: [{ path: 'training.optimizer.learningRate', value: 0.002 }],
          why: 'smaller steps'
        }
      }
    ]
    await writeFile(summaryPath, JSON.stringify(summary))
    try {
      const { forkOf } = await fork({ runId: parentId })
      expect(forkOf.changes).toEqual([{ path: 'training.optimizer.learningRate', value: 0.002 }])
    } finally {
      await writeFile(summaryPath, stored)
    }
  }, 120_000)

  it('refuses a bad path or value naming it, an unknown run, and a path-like change', async () => {
    expect(
      errorOf(
        await app.call('runs:fork', {
          runId: parentId,
          changes: [{ path: 'training.optimizer.learningRat', value: 0.1 }]
        })
      )
    ).toBe('training.optimizer.learningRat=0.1: training.optimizer: unknown field "learningRat"')
    expect(
      errorOf(
        await app.call('runs:fork', {
          runId: parentId,
          changes: [{ path: 'training.batchSize', value: 'many' }]
        })
      )
    ).toMatch(/^training\.batchSize="many": training\.batchSize: /)
    expect(errorOf(await app.call('runs:fork', { runId: 'no-such-run' }))).toMatch(/no-such-run/)
    expect(
      errorOf(
        await app.call('runs:fork', { runId: parentId, changes: [{ path: '../x', value: 1 }] })
      )
    ).toMatch(/^Bad "runs:fork" request: changes\[0\]\.path: must be a dotted path/)
    expect(app.ctx.training.busy()).toBeNull()
  })
})
