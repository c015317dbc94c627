/**
 * The PyTorch probe measures a model as it runs: each net of fixtures/architectures.py is probed
 * before its first update, and every layer's record must match what the fixture computed with its
 * own forward hooks in plain float64 torch — over the whole probe batch for a dense layer, over
 * the stated conv sample (⌊8,192 / positions⌋ examples) for a conv layer — whatever other layers
 * the net holds (the BatchNorm regression: a norm hook once cut every later layer to the first
 * conv layer's share). Also: a module called twice is two layers, GELU/SiLU/Mish/Softplus units
 * get the inactive rule, an unknown activation is named, an LSTM is listed as not measured and
 * the config is marked inexact, with a finding instead of "No problems found".
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { LayerProbe } from '../../main/contract/runs/records'
import { readRun, type RunData } from '../../main/runs/run-reader'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { printedRunDir, runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const missing = torchMissing()

interface Moments {
  mean: number
  variance: number
  count: number
  min: number
  max: number
}
interface Expected {
  examples: number
  positions: number
  pre: Moments
  preNorm: Moments | null
  post: Moments
  zeroEveryRow: number
  meanActivation: number[]
  bias: { mean: number; std: number; min: number; max: number } | null
  preBelow: Record<string, number>
}
interface Dump {
  layers: Expected[]
  edges: Record<string, number>
  parameters: number
}

async function probeNet(net: string): Promise<{ run: RunData; dump: Dump }> {
  const out = await tempDir(`torch-arch-${net}`)
  const dumpPath = join(out, 'expected.json')
  const dir = printedRunDir(await runFixture('architectures.py', [net, out, dumpPath], 240_000))
  const dump = JSON.parse(await readFile(dumpPath, 'utf8')) as Dump
  return { run: await readRun(dir), dump }
}

function close(actual: number, expected: number, rel = 1e-4): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-6, Math.abs(expected)))
}

function sameMoments(actual: LayerProbe['pre'], expected: Moments): void {
  expect(actual.count).toBe(expected.count)
  close(actual.mean, expected.mean, 1e-3)
  close(actual.variance, expected.variance)
  close(actual.min, expected.min, 1e-5)
  close(actual.max, expected.max, 1e-5)
}

/** Every layer of the first probe against the fixture's own computation. */
function compareAll(run: RunData, dump: Dump): void {
  const probe = run.probes[0]!
  expect(probe.step).toBe(0)
  expect(probe.layers).toHaveLength(dump.layers.length)
  dump.layers.forEach((want, i) => {
    const got = probe.layers[i]!
    expect(got.sample).toEqual({ examples: want.examples, positions: want.positions })
    sameMoments(got.pre, want.pre)
    if (want.preNorm) sameMoments(got.preNorm!, want.preNorm)
    else expect(got.preNorm).toBeNull()
    sameMoments(got.post, want.post)
    got.units.meanActivation.forEach((m, u) => close(m, want.meanActivation[u]!, 1e-3))
    if (want.bias === null) expect(got.bias).toBeNull()
    else
      for (const k of ['mean', 'std', 'min', 'max'] as const)
        close(got.bias![k], want.bias[k], 1e-6)
  })
}

describe.skipIf(missing !== null)('the PyTorch probe measures the model as it runs', () => {
  it.each([
    ['bn28', 10],
    ['bn128', 1]
  ])(
    'conv + BatchNorm + dense (%s): dense layers use all 256 probe examples, the conv layer %i, as stated',
    async (net, convExamples) => {
      const { run, dump } = await probeNet(net)
      compareAll(run, dump)
      const [conv, fc1, fc2] = run.probes[0]!.layers
      // 8,192 rows ÷ positions (28² = 784 → 10 examples; 128² = 16,384 → at least 1).
      expect(conv!.sample!.examples).toBe(convExamples)
      expect(fc1!.sample).toEqual({ examples: 256, positions: 1 })
      expect(fc2!.sample).toEqual({ examples: 256, positions: 1 })
      expect(fc1!.pre.count).toBe(256 * 32)
      expect(fc1!.deadFraction).toBe(dump.layers[1]!.zeroEveryRow)
      expect(run.layers[0]).toMatchObject({ batchNorm: true, activation: 'relu' })
    },
    240_000
  )

  it('a torchvision BasicBlock (downsample branch, shared in-place ReLU, BatchNorm): every conv measured, the config marked inexact', async () => {
    const { run, dump } = await probeNet('resnet')
    compareAll(run, dump)
    expect(run.layers.map((l) => [l.name, l.activation, l.batchNorm])).toEqual([
      ['stem', 'relu', true],
      ['block.conv1', 'relu', true],
      // The shared ReLU after bn2 acts on bn2 + identity (an in-place residual add): not conv2's.
      ['block.conv2', 'linear', true],
      ['block.downsample.conv2d_0', 'linear', true],
      ['fc', 'softmax', false]
    ])
    const translation = run.config.source?.translation
    expect(translation?.exact).toBe(false)
    expect(translation?.differences.join('\n')).toMatch(/downsample.*branch or skip connection/)
    expect(run.probes[0]!.layers[0]!.deadFraction).toBe(dump.layers[0]!.zeroEveryRow)
  }, 240_000)

  it('GELU, SiLU, Mish, Softplus get the inactive rule; an unknown module is named, never linear', async () => {
    const { run, dump } = await probeNet('smooth')
    compareAll(run, dump)
    expect(run.layers.map((l) => l.activation)).toEqual([
      'gelu',
      'silu',
      'mish',
      'softplus',
      'unknown',
      'softmax'
    ])
    expect(run.layers[4]!.activationClass).toBe('Swish')
    const probe = run.probes[0]!
    ;(['gelu', 'silu', 'mish', 'softplus'] as const).forEach((name, i) => {
      expect(probe.layers[i]!.inactiveFraction).toBe(dump.layers[i]!.preBelow[name])
      expect(probe.layers[i]!.deadFraction).toBe(0)
    })
    // The 8 SiLU units with bias −40 sit deep in the flat region: 8 of 32.
    expect(probe.layers[1]!.inactiveFraction).toBe(8 / 32)
    expect(probe.layers[1]!.units.state.filter((s) => s === 4)).toHaveLength(8)
    expect(dump.edges.gelu).toBeCloseTo(-2.79, 2)
    expect(run.config.source?.translation?.exact).toBe(false)
  }, 240_000)

  it('a Linear applied twice is two layers with their own statistics', async () => {
    const { run, dump } = await probeNet('twice')
    compareAll(run, dump)
    expect(run.layers.map((l) => l.name)).toEqual(['fc#1', 'fc#2', 'out'])
    const [first, second] = run.probes[0]!.layers
    expect(first!.pre.mean).not.toBe(second!.pre.mean)
    expect(first!.weights).toEqual(second!.weights)
    expect(run.config.model.layers.filter((l) => l.type === 'dense')).toHaveLength(2)
    expect(run.config.source?.translation?.differences).toContain(
      'fc is called 2 times with the same weights (each Trainscape layer has its own)'
    )
  }, 240_000)

  it('an LSTM is listed as not measured, and the findings say so instead of "No problems found"', async () => {
    const { run, dump } = await probeNet('lstm')
    compareAll(run, dump)
    const coverage = run.config.source?.coverage
    expect(coverage?.parameters).toBe(dump.parameters)
    expect(coverage?.notMeasured).toEqual([
      {
        name: 'rnn',
        type: 'LSTM',
        parameters: 4 * 64 * (16 + 64 + 2),
        reason: 'LSTM is not one of the layers the probe measures (Linear, Conv2d)'
      }
    ])
    const finding = run.summary.findings.find((f) => f.code === 'not-measured')
    expect(finding?.severity).toBe('warning')
    expect(finding?.evidence).toMatch(
      /^1 of 2 modules not measured \(LSTM rnn; 99% of the parameters\)/
    )
    expect(run.config.source?.translation?.exact).toBe(false)
  }, 240_000)
})
