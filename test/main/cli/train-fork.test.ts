/**
 * `npm run train -- --fork RUN_DIR [--set PATH=VALUE]…` end to end on the wasm backend: a fork
 * differs from its parent only by the change. Every random stream (the split, each epoch's order,
 * each step's augmentation and dropout, each layer's initial weights) is drawn from the seed, so
 * a change with no effect on training (how often to probe) gives exactly the parent's losses at
 * every step; a learning rate gives the parent's loss at step 0 (before the first update) and its
 * initial weights; batch norm on a later layer keeps every initial weight, while a new
 * initializer re-draws that layer only, and the summary says which. Bad input is refused with
 * exit 2 and one line naming what is wrong.
 */
import { cp, readFile, readdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from '../../../main/contract/json-lines'
import type { ProbeRecord, StepRecord } from '../../../main/contract/runs/records'
import type { RunSummary } from '../../../main/contract/runs/summary'
import {
  finished,
  removeTempDirs,
  spawnFork,
  tempDir,
  tinyConfig,
  trainRun
} from '../runs/train-cli'

let root: string
let parent: string
beforeAll(async () => {
  root = await tempDir('train-fork')
  // Dropout (layer 4) and a horizontal flip make every random stream matter.
  parent = await trainRun(
    root,
    tinyConfig({
      training: {
        optimizer: { type: 'adam', learningRate: 0.01 },
        batchSize: 50,
        epochs: 1,
        seed: 3,
        maxSteps: 8
      },
      probe: { statsEvery: 4, probeSize: 64 },
      data: { augmentation: { flipHorizontal: true } }
    }),
    ['--data', 'synthetic', '--backend', 'wasm']
  )
}, 180_000)
afterAll(removeTempDirs)

const summaryOf = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunSummary
const records = async <T>(dir: string, file: string): Promise<T[]> =>
  (await readFile(join(dir, file), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => parse<T>(line))
const weightsAtStart = async (dir: string) =>
  (await records<ProbeRecord>(dir, 'probes.jsonl'))[0]!.layers.map((l) => l.weights)

/** Forks `from` with `sets`; returns the new run folder (throws with the output on failure). */
async function fork(from: string, sets: string[]): Promise<{ dir: string; output: string }> {
  const before = new Set(await readdir(join(root, 'runs')))
  const result = await finished(
    spawnFork(
      root,
      from,
      sets.flatMap((s) => ['--set', s])
    )
  )
  const created = (await readdir(join(root, 'runs'))).filter((d) => !before.has(d))
  if (result.code !== 0 || created.length !== 1)
    throw new Error(`fork exited ${result.code}:\n${result.output}`)
  return { dir: join(root, 'runs', created[0]!), output: result.output }
}

/** Exit code and output of a fork that should be refused; the runs folder must not grow. */
async function refused(
  from: string,
  extra: string[]
): Promise<{ code: number | null; output: string }> {
  const before = (await readdir(join(root, 'runs'))).length
  const result = await finished(spawnFork(root, from, extra))
  expect((await readdir(join(root, 'runs'))).length).toBe(before)
  return { code: result.code, output: result.output.trim() }
}

describe('train --fork', () => {
  it("trains on exactly the parent's batches: a change that does not touch training gives the same loss at every step", async () => {
    const { dir } = await fork(parent, ['probe.statsEvery=3'])
    const [a, b] = [
      await records<StepRecord>(parent, 'steps.jsonl'),
      await records<StepRecord>(dir, 'steps.jsonl')
    ]
    expect(b.length).toBe(8)
    expect(b.map((s) => [s.loss, s.acc])).toEqual(a.map((s) => [s.loss, s.acc]))
    expect(await weightsAtStart(dir)).toEqual(await weightsAtStart(parent))
    const summary = await summaryOf(dir)
    expect(summary.backend).toBe('wasm')
    expect(summary.forkOf).toEqual({
      run: basename(parent),
      changes: [{ path: 'probe.statsEvery', value: 3 }],
      words: ['probe every 4 → 3'],
      reinitialized: [],
      notes: []
    })
  }, 180_000)

  it("applies the parent's first fix without --set: same initial weights and first loss, other steps after it", async () => {
    // Stands in for the cause rules: a copy of the parent whose finding carries a fix.
    const withFix = join(root, 'runs', `${basename(parent)}-fix`)
    await cp(parent, withFix, { recursive: true })
    const summary = await summaryOf(withFix)
    summary.findings = [
      {
        code: 'dead-relu',
        severity: 'warning',
        layers: [0],
        steps: null,
        evidence: 'stand-in for the cause rules',
        suggestion: 'a lower learning rate',
        fix: {
          changes: [{ path: 'training.optimizer.learningRate', value: 0.001 }],
          why: 'smaller steps'
        }
      }
    ]
    await writeFile(join(withFix, 'summary.json'), JSON.stringify(summary))
    const { dir, output } = await fork(withFix, [])
    expect(output).toContain(
      `fork of ${basename(withFix)}: lr 0.01 → 0.001. Same seed and initial weights as the parent, on the same batches in the same order.`
    )
    const [a, b] = [
      await records<StepRecord>(parent, 'steps.jsonl'),
      await records<StepRecord>(dir, 'steps.jsonl')
    ]
    expect(b[0]!.loss).toBe(a[0]!.loss)
    expect(b[1]!.loss).not.toBe(a[1]!.loss)
    expect(await weightsAtStart(dir)).toEqual(await weightsAtStart(parent))
    expect((await summaryOf(dir)).forkOf?.changes).toEqual([
      { path: 'training.optimizer.learningRate', value: 0.001 }
    ])
  }, 180_000)

  it('keeps every initial weight with batch norm on a later layer; a new initializer re-draws that layer only', async () => {
    const { dir } = await fork(parent, [
      'layers.3.batchNorm=true',
      'layers.0.initializer=glorot-normal',
      'training.maxSteps=1'
    ])
    const [a, b] = [await weightsAtStart(parent), await weightsAtStart(dir)]
    const layers = JSON.parse(await readFile(join(dir, 'layers.json'), 'utf8')) as {
      name: string
    }[]
    expect(b).toHaveLength(layers.length)
    expect(b[0]).not.toEqual(a[0])
    expect(b.slice(1)).toEqual(a.slice(1))
    const forkOf = (await summaryOf(dir)).forkOf!
    expect(forkOf.reinitialized).toEqual([layers[0]!.name])
    expect(forkOf.words).toEqual(expect.arrayContaining(['layer 4 batch norm off → on']))
  }, 180_000)

  it('refuses a bad path, a bad value, the seed, a missing fix, a missing folder and a PyTorch run, with exit 2', async () => {
    const cases: [string, string[], RegExp][] = [
      [
        parent,
        ['--set', 'training.optimizer.learningRat=0.1'],
        /^training\.optimizer\.learningRat=0\.1: training\.optimizer: unknown field "learningRat"$/
      ],
      [
        parent,
        ['--set', 'training.optimizer.learningRate=-1'],
        /^training\.optimizer\.learningRate=-1: training\.optimizer\.learningRate: must be greater than 0, got -1$/
      ],
      [parent, ['--set', 'training.seed=4'], /^training\.seed: a fork keeps its parent's seed/],
      [
        parent,
        [],
        new RegExp(
          `^Run ${basename(parent)} has no finding with a fix \\((its findings: .*|it has no findings)\\); give the change yourself with --set PATH=VALUE`
        )
      ],
      [
        join(root, 'nowhere'),
        ['--set', 'training.epochs=2'],
        /^--fork .*nowhere: no such run folder/
      ],
      [parent, ['--seed', '2'], /^--seed cannot go with --fork/]
    ]
    for (const [from, extra, message] of cases) {
      const { code, output } = await refused(from, extra)
      expect(code).toBe(2)
      expect(output.split('\n')).toHaveLength(1)
      expect(output).toMatch(message)
    }
    // A run python/trainscape_probe wrote: the fix is shown as the PyTorch line to change.
    const torch = join(root, 'torch-run')
    await cp(parent, torch, { recursive: true })
    const config = JSON.parse(await readFile(join(torch, 'config.json'), 'utf8'))
    await writeFile(
      join(torch, 'config.json'),
      JSON.stringify({ ...config, source: { backend: 'pytorch' } })
    )
    const { code, output } = await refused(torch, [
      '--set',
      'training.optimizer.learningRate=0.0001'
    ])
    expect(code).toBe(2)
    expect(output).toBe(
      "Run torch-run was trained in PyTorch, outside Trainscape's engine, so it cannot be forked here. Make the change in its training script and run it again: torch.optim.Adam(model.parameters(), lr=0.0001)"
    )
  }, 180_000)
})
