/**
 * The findings engine on real runs of the bundled lecture presets, trained small on the bundled
 * sample (the default data) and read back from the run folders the real run writer made: each
 * preset trips the finding it exists to show, and the recommended configurations trip none of
 * the problem findings. One derived configuration covers what no preset shows on its own:
 * overfitting (the dropout preset without dropout, on 10 sample images per class).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { diagnoseRun } from '../../../../main/runs/diagnosis/diagnose-run'
import { readRun } from '../../../../main/runs/run-reader'
import type { Finding } from '../../../../main/contract/runs/summary'
import { presetRunner, type Small } from '../../../resources/preset-runs'

const runner = presetRunner()
afterAll(() => runner.dispose())

interface Case {
  /** Name the assertions use. */
  name: string
  preset: string
  small: Small
}

const quick = (steps: number): Small => ({ maxSteps: steps, statsEvery: 5 })
const withoutDropout = (c: RunConfig): RunConfig => ({
  ...c,
  model: {
    ...c.model,
    layers: c.model.layers.map((l) => (l.type === 'dense' ? { ...l, dropout: 0 } : l))
  },
  training: { ...c.training, epochs: 20 },
  data: { ...c.data, trainPerClass: 10 }
})

const CASES: Case[] = [
  { name: 'relu-dying', preset: 'relu-dying', small: { maxSteps: 31, statsEvery: 10 } },
  { name: 'leaky-relu', preset: 'leaky-relu', small: { maxSteps: 31, statsEvery: 10 } },
  { name: 'sigmoid-deep', preset: 'sigmoid-deep', small: quick(10) },
  { name: 'tanh-deep', preset: 'tanh-deep', small: quick(5) },
  { name: 'small-init', preset: 'small-init', small: quick(5) },
  { name: 'large-init', preset: 'large-init', small: quick(5) },
  { name: 'zeros-init', preset: 'zeros-init', small: quick(10) },
  { name: 'xavier-tanh', preset: 'xavier-tanh', small: quick(10) },
  { name: 'batchnorm', preset: 'batchnorm', small: quick(25) },
  { name: 'relu-he', preset: 'relu-he', small: quick(25) },
  {
    name: 'dropout without dropout on 10 sample images per class',
    preset: 'dropout',
    small: { maxSteps: 1000, statsEvery: 10, patch: withoutDropout }
  }
]

const findings = new Map<string, Finding[]>()

beforeAll(async () => {
  for (const c of CASES) {
    const { dir } = await runner.run(c.preset, c.small, c.name)
    findings.set(c.name, diagnoseRun(await readRun(dir)))
  }
}, 300_000)

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

  it('relu-dying raises dead-relu within its first epoch on every seed from 1 to 10', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const small: Small = {
        maxSteps: 38,
        statsEvery: 10,
        patch: (c) => ({ ...c, training: { ...c.training, seed, epochs: 1 } })
      }
      const { dir } = await runner.run('relu-dying', small, `relu-dying-1-epoch-seed-${seed}`)
      const found = diagnoseRun(await readRun(dir)).map((f) => f.code)
      expect(found, `seed ${seed}`).toContain('dead-relu')
    }
  }, 300_000)

  it('sigmoid-deep shows saturation, vanishing gradients and outputs that are not zero-centred', () => {
    expect(codes('sigmoid-deep')).toEqual(
      expect.arrayContaining(['saturation', 'vanishing-gradients', 'not-zero-centred'])
    )
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

  it('a wide net on 10 sample images per class without dropout shows overfitting', () => {
    expect(codes('dropout without dropout on 10 sample images per class')).toContain('overfitting')
  })

  it('ReLU + He with batch norm, ReLU + He alone, and tanh with Xavier trip no problem finding', () => {
    expect(problems('batchnorm')).toEqual([])
    expect(problems('relu-he')).toEqual([])
    expect(problems('xavier-tanh')).toEqual([])
  })
})
