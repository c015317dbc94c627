/**
 * The findings engine on real runs of the bundled lecture presets (short, on the CPU backend):
 * each preset trips the finding it exists to show, and the recommended configurations trip
 * none of the problem findings. Derived configurations cover what no preset shows on its own:
 * saturation (sigmoid at N(0,1); sigmoid-deep's Xavier start does not saturate) and overfitting
 * (the dropout preset without dropout, on 10 bundled sample images per class).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunConfigInput } from '../../../../main/config/schema'
import { diagnoseRun } from '../../../../main/runs/diagnosis/diagnose-run'
import { readRun } from '../../../../main/runs/run-reader'
import type { Finding } from '../../../../main/runs/summary'
import { REPO, removeTempDirs, tempDir, trainRun } from '../train-cli'

afterAll(removeTempDirs)

interface Case {
  name: string
  /** Preset to run, or a derivation of one. */
  config: () => Promise<RunConfigInput>
  flags: string[]
}

async function preset(name: string): Promise<RunConfigInput> {
  return JSON.parse(
    await readFile(join(REPO, 'resources', 'presets', `${name}.json`), 'utf8')
  ) as RunConfigInput
}

type DenseInput = { initializer?: unknown; dropout?: number }
async function derived(
  name: string,
  newName: string,
  edit: (c: RunConfigInput) => void
): Promise<RunConfigInput> {
  const config = await preset(name)
  edit(config)
  return { ...config, name: newName }
}

const quick = (steps: number) => ['--max-steps', String(steps), '--stats-every', '5']
const CASES: Case[] = [
  { name: 'relu-dying', config: () => preset('relu-dying'), flags: ['--stats-every', '5'] },
  { name: 'leaky-relu', config: () => preset('leaky-relu'), flags: ['--stats-every', '5'] },
  { name: 'sigmoid-deep', config: () => preset('sigmoid-deep'), flags: quick(10) },
  { name: 'tanh-deep', config: () => preset('tanh-deep'), flags: quick(5) },
  { name: 'small-init', config: () => preset('small-init'), flags: quick(5) },
  { name: 'large-init', config: () => preset('large-init'), flags: quick(5) },
  { name: 'zeros-init', config: () => preset('zeros-init'), flags: quick(10) },
  { name: 'batchnorm', config: () => preset('batchnorm'), flags: quick(25) },
  { name: 'relu-he', config: () => preset('relu-he'), flags: quick(25) },
  {
    name: 'sigmoid-deep at N(0,1)',
    config: () =>
      derived('sigmoid-deep', 'sigmoid-saturating', (c) =>
        c.model.layers.forEach(
          (l) => ((l as DenseInput).initializer = { type: 'random-normal', stddev: 1 })
        )
      ),
    flags: quick(10)
  },
  {
    name: 'dropout without dropout on 10 sample images per class',
    config: () =>
      derived('dropout', 'overfit', (c) => {
        c.model.layers.forEach((l) => ((l as DenseInput).dropout = 0))
        c.data = { trainPerClass: 10 }
        c.training.epochs = 20
      }),
    flags: ['--data', 'sample', '--stats-every', '10']
  }
]

const findings = new Map<string, Finding[]>()

beforeAll(async () => {
  const queue = [...CASES]
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const dir = await trainRun(await tempDir('preset'), await c.config(), c.flags)
      findings.set(c.name, diagnoseRun(await readRun(dir)))
    }
  }
  await Promise.all([worker(), worker()])
}, 900_000)

const codes = (name: string) => (findings.get(name) ?? []).map((f) => f.code)
const problems = (name: string) =>
  (findings.get(name) ?? [])
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.code}: ${f.evidence}`)

describe('findings on the lecture presets', () => {
  it('relu-dying shows dying ReLU units; leaky-relu with the same settings does not', () => {
    expect(codes('relu-dying')).toContain('dead-relu')
    expect(codes('leaky-relu')).not.toContain('dead-relu')
  })

  it('sigmoid-deep shows vanishing gradients and outputs that are not zero-centred', () => {
    expect(codes('sigmoid-deep')).toEqual(
      expect.arrayContaining(['vanishing-gradients', 'not-zero-centred'])
    )
  })

  it('sigmoid layers started at N(0,1) show saturation', () => {
    expect(codes('sigmoid-deep at N(0,1)')).toContain('saturation')
  })

  it('tanh-deep and small-init show the variance collapsing with depth', () => {
    expect(codes('tanh-deep')).toContain('variance-collapse')
    expect(codes('small-init')).toContain('variance-collapse')
  })

  it('large-init shows the variance exploding with depth', () => {
    expect(codes('large-init')).toContain('variance-explosion')
  })

  it('zeros-init shows units kept identical by symmetric initialization', () => {
    expect(codes('zeros-init')).toContain('symmetric-units')
  })

  it('a wide net on 10 real images per class without dropout shows overfitting', () => {
    expect(codes('dropout without dropout on 10 sample images per class')).toContain('overfitting')
  })

  it('ReLU + He with batch norm, and ReLU + He alone, trip no problem finding', () => {
    expect(problems('batchnorm')).toEqual([])
    expect(problems('relu-he')).toEqual([])
  })
})
