/**
 * The PyTorch probe computes the engine's statistics: a small torch MLP and CNN train 100 steps
 * with trainscape_probe; the fixture also records, at two probe steps, each layer's
 * pre-activation computed by hand from the weights and the probe batch, its kernel, its input's
 * E[x²] and the gradient norm. Here the engine's own statistics (main/stats) run on those arrays
 * and must give what the probe wrote.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ActivationName } from '../../main/contract/config/schema'
import type { LayerProbe } from '../../main/contract/runs/records'
import { readRun } from '../../main/runs/run-reader'
import { tensorStats } from '../../main/stats/tensor-stats'
import { predictedPreVariance } from '../../main/contract/stats/theory'
import { unitStats } from '../../main/stats/units'
import { weightStats } from '../../main/stats/weights'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { printedRunDir, runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const missing = torchMissing()
if (missing) console.warn(`Skipping the PyTorch probe tests: ${missing}`)

interface ByHand {
  pre: number[]
  kernel: number[]
  units: number
  fanIn: number
  inputMs: number
  gradNorm: number
}

function activate(pre: Float32Array, units: number, activation: string): Float32Array {
  if (activation === 'relu') return pre.map((v) => Math.max(0, v))
  if (activation === 'tanh') return pre.map((v) => Math.tanh(v))
  const out = new Float32Array(pre.length) // softmax per row
  for (let row = 0; row < pre.length; row += units) {
    const slice = pre.subarray(row, row + units)
    const top = Math.max(...slice)
    const exps = Array.from(slice, (v) => Math.exp(v - top))
    const total = exps.reduce((a, b) => a + b, 0)
    exps.forEach((e, u) => (out[row + u] = e / total))
  }
  return out
}

function close(actual: number, expected: number, rel = 1e-4): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-6, Math.abs(expected)))
}

function compareLayer(probe: LayerProbe, hand: ByHand, activation: string, rows: number): void {
  const pre = Float32Array.from(hand.pre.slice(0, rows * hand.units))
  const post = activate(pre, hand.units, activation)
  const rule: ActivationName = activation === 'softmax' ? 'linear' : (activation as ActivationName)
  const units = unitStats(pre, post, hand.units, rule, 0)
  const weights = weightStats(Float32Array.from(hand.kernel), hand.units)
  const preStats = tensorStats(pre, 41, 6)
  expect(probe.deadFraction).toBe(units.deadFraction)
  expect(probe.saturatedFraction).toBe(units.saturatedFraction)
  expect(probe.units.state).toEqual(units.units.state)
  probe.units.meanActivation.forEach((m, u) => close(m, units.units.meanActivation[u]!, 1e-3))
  probe.units.activeFraction.forEach((a, u) => close(a, units.units.activeFraction[u]!, 1e-9))
  expect(probe.pre.count).toBe(preStats.count)
  close(probe.pre.mean, preStats.mean, 1e-3)
  close(probe.pre.variance, preStats.variance)
  close(probe.pre.meanSquare, preStats.meanSquare)
  // A value on a bin edge may land one bin over after a different summation order.
  const moved = probe.pre.histogram.counts.reduce(
    (n, c, i) => n + Math.abs(c - preStats.histogram.counts[i]!),
    0
  )
  expect(moved).toBeLessThanOrEqual(2)
  close(probe.weights.variance, weights.variance, 1e-6)
  close(probe.weights.spread, weights.spread, 1e-6)
  close(probe.weights.norm, weights.norm, 1e-6)
  close(probe.predictedPreVar, predictedPreVariance(hand.fanIn, weights.variance, hand.inputMs))
  close(probe.gradNorm, hand.gradNorm, 1e-6)
}

async function trainAndCompare(model: string, rowsOf: (layer: number, all: number) => number) {
  const out = await tempDir(`torch-${model}`)
  const dump = join(out, 'by-hand.json')
  const dir = printedRunDir(
    await runFixture('train.py', [model, out, '--steps', '100', '--every', '25', '--dump', dump])
  )
  const byHand = JSON.parse(await readFile(dump, 'utf8')) as Record<string, { layers: ByHand[] }>
  const run = await readRun(dir)
  expect(run.summary.status).toBe('completed')
  expect(run.summary.backend).toBe('pytorch')
  expect(run.steps).toHaveLength(100)
  expect(run.probes.map((p) => p.step)).toEqual([0, 1, 2, 4, 8, 16, 25, 50, 75, 99])
  for (const step of [0, 50]) {
    const probe = run.probes.find((p) => p.step === step)!
    byHand[step]!.layers.forEach((hand, i) => {
      const all = hand.pre.length / hand.units
      compareLayer(probe.layers[i]!, hand, run.layers[i]!.activation, rowsOf(i, all))
    })
  }
  return run
}

describe.skipIf(missing !== null)('PyTorch probe statistics', () => {
  it('an MLP: dead fraction, per-unit means, predicted variance and gradient norm as the engine computes them', async () => {
    const run = await trainAndCompare('mlp', (_layer, all) => all)
    expect(run.layers.map((l) => [l.kind, l.activation, l.fanIn, l.units])).toEqual([
      ['dense', 'relu', 20, 32],
      ['dense', 'tanh', 32, 32],
      ['dense', 'softmax', 32, 4]
    ])
  }, 120_000)

  it('a CNN: conv channels are units, and at most 8,192 rows (examples × positions) are measured', async () => {
    // 64 probe examples × 144 positions exceed the cap: the first ⌊8192 / 144⌋ = 56 examples count.
    const run = await trainAndCompare('cnn', (layer, all) => (layer === 0 ? 56 * 144 : all))
    expect(run.layers[0]).toMatchObject({ kind: 'conv2d', activation: 'relu', fanIn: 9, units: 6 })
    expect(run.layers[0]!.outputShape).toEqual([12, 12, 6])
    expect(run.probes[0]!.layers[0]!.pre.count).toBe(56 * 144 * 6)
  }, 120_000)
})
