/**
 * Every preset, run small on the bundled sample (the default data) on wasm, shows the lecture
 * claim its description makes, measured in the probe and epoch records the app draws from. Runs
 * go through preset-runs.ts: each is trained once, so a preset compared with another (tanh-deep
 * with xavier-tanh, relu-dying with leaky-relu) is not trained twice.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { EpochRecord, LayerProbe, ProbeRecord } from '../../main/runs/records'
import { presetRunner, type PresetRun } from './preset-runs'

const runner = presetRunner()
afterAll(() => runner.dispose())

/** The first probe (step 0, at initialization) of a one-step run. */
const atInit = (name: string) => runner.run(name, { maxSteps: 1 }).then((m) => m.probes[0].layers)
const hidden = (layers: LayerProbe[]) => layers.slice(0, -1)
const ratios = (values: number[]) => values.slice(1).map((v, i) => v / values[i])
const geometricMean = (values: number[]) =>
  Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length
const lastEpoch = (m: PresetRun): EpochRecord => m.epochs.at(-1)!

describe('activation presets', () => {
  it('sigmoid-deep: outputs sit near 0.5, the first layer saturates, and the gradient shrinks layer by layer toward the input', async () => {
    const layers = await atInit('sigmoid-deep')
    for (const l of hidden(layers)) expect(Math.abs(l.post.mean - 0.5)).toBeLessThan(0.1)
    expect(layers[0].saturatedFraction).toBeGreaterThan(0.25)
    for (const r of ratios(layers.map((l) => l.gradNorm))) expect(r).toBeGreaterThan(1)
    expect(layers[0].gradNorm).toBeLessThan(layers.at(-1)!.gradNorm / 100)
  })

  it("tanh-deep: outputs are zero-centred while the signal shrinks and every gradient is 100 times below xavier-tanh's", async () => {
    const small = hidden(await atInit('tanh-deep'))
    const xavier = hidden(await atInit('xavier-tanh'))
    for (const l of small) expect(Math.abs(l.post.mean)).toBeLessThan(0.05)
    for (const r of ratios(small.map((l) => l.pre.variance))) expect(r).toBeLessThan(0.3)
    small.forEach((l, i) => expect(l.gradNorm).toBeLessThan(xavier[i].gradNorm / 100))
  })

  it("relu-dying kills about a third of the first layer's units within 30 steps; leaky-relu, under the same settings, keeps every unit alive", async () => {
    const small = { maxSteps: 31, statsEvery: 10 }
    const dying = await runner.run('relu-dying', small)
    const leaky = await runner.run('leaky-relu', small)
    const firstLayerDead = (p: ProbeRecord) => p.layers[0].deadFraction
    // Probes at powers of two below statsEvery, then every 10 steps (probe-schedule.ts).
    expect(dying.probes.map((p) => p.step)).toEqual([0, 1, 2, 4, 8, 10, 20, 30])
    expect(firstLayerDead(dying.probes[0])).toBeLessThan(0.05)
    expect(firstLayerDead(dying.probes.at(-1)!)).toBeGreaterThan(0.3)
    for (const probe of leaky.probes) for (const l of probe.layers) expect(l.deadFraction).toBe(0)
  })
})

describe('initialization presets', () => {
  it("relu-he keeps the last hidden layer's pre-activation variance within a factor 2 of the first's", async () => {
    const layers = hidden(await atInit('relu-he'))
    const r = layers.at(-1)!.pre.variance / layers[0].pre.variance
    expect(r).toBeGreaterThan(0.5)
    expect(r).toBeLessThan(2)
    for (const l of layers) expect(l.pre.variance / l.predictedPreVar).toBeCloseTo(1, 0)
  })

  it('small-init shrinks the variance by about n·0.0009/2 per ReLU layer', async () => {
    const layers = hidden(await atInit('small-init'))
    const predicted = (128 * 0.03 ** 2) / 2
    const measured = ratios(layers.map((l) => l.pre.variance))
    for (const r of measured) expect(r / predicted).toBeGreaterThan(0.5)
    for (const r of measured) expect(r / predicted).toBeLessThan(2)
    expect(geometricMean(measured) / predicted).toBeCloseTo(1, 0)
  })

  it('large-init explodes the variance with depth, about n/2 per ReLU layer', async () => {
    const layers = hidden(await atInit('large-init'))
    const measured = ratios(layers.map((l) => l.pre.variance))
    for (const r of measured) expect(r).toBeGreaterThan(10)
    expect(layers.at(-1)!.pre.variance / layers[0].pre.variance).toBeGreaterThan(1e4)
    expect(geometricMean(measured) / (64 / 2)).toBeCloseTo(1, 0)
  })

  it('xavier-tanh shrinks the variance only slightly from layer to layer, as the formula predicts', async () => {
    const layers = hidden(await atInit('xavier-tanh'))
    for (const r of ratios(layers.slice(1).map((l) => l.pre.variance))) {
      expect(r).toBeGreaterThan(0.6)
      expect(r).toBeLessThan(1.25)
    }
    for (const l of layers)
      expect(Math.abs(l.pre.variance / l.predictedPreVar - 1)).toBeLessThan(0.25)
  })

  it('zeros-init keeps weight spread at exactly 0 in every hidden layer while the weights change', async () => {
    const { probes } = await runner.run('zeros-init', { maxSteps: 6, statsEvery: 2 })
    for (const probe of probes)
      for (const l of hidden(probe.layers)) expect(l.weights.spread).toBe(0)
    const last = probes.at(-1)!
    expect(probes[0].layers.every((l) => l.weights.norm === 0)).toBe(true)
    for (const l of hidden(last.layers)) expect(l.weights.norm).toBeGreaterThan(0)
    expect(last.layers.at(-1)!.weights.spread).toBeGreaterThan(0)
  })
})

describe('batch norm and dropout presets', () => {
  it('batchnorm normalizes to mean 0, variance 1 once the moving averages have followed the batch statistics', async () => {
    const { probes } = await runner.run(
      'batchnorm',
      {
        maxSteps: 25,
        statsEvery: 24,
        patch: (c) => ({ ...c, model: { ...c.model, batchNormAlpha: 0.3 } })
      },
      'batchnorm-fast-averages'
    )
    const gap = (l: LayerProbe) =>
      mean(l.batchNorm!.batchMean.map((m, i) => Math.abs(m - l.batchNorm!.movingMean[i]))) +
      mean(l.batchNorm!.batchVar.map((v, i) => Math.abs(v - l.batchNorm!.movingVar[i])))
    const first = hidden(probes[0].layers)
    const last = hidden(probes.at(-1)!.layers)
    last.forEach((l, i) => {
      expect(Math.abs(l.preNorm!.mean)).toBeLessThan(0.15)
      expect(l.preNorm!.variance).toBeGreaterThan(0.6)
      expect(l.preNorm!.variance).toBeLessThan(1.4)
      expect(gap(l)).toBeLessThan(gap(first[i]) / 2)
    })
  })

  it('dropout keeps about 1 - rate of the units and narrows the train/validation gap', async () => {
    const small = { maxSteps: 20, statsEvery: 10 }
    const withDropout = await runner.run('dropout', small)
    const without = await runner.run(
      'dropout',
      {
        ...small,
        patch: (c) => ({
          ...c,
          model: {
            ...c.model,
            layers: c.model.layers.map((l) => (l.type === 'dense' ? { ...l, dropout: 0 } : l))
          }
        })
      },
      'dropout-off'
    )
    for (const probe of withDropout.probes)
      for (const l of hidden(probe.layers))
        expect(Math.abs((l.dropoutKept ?? 0) - 0.5)).toBeLessThan(0.05)
    const gap = (m: PresetRun) => lastEpoch(m).trainAcc - lastEpoch(m).valAcc
    expect(gap(without)).toBeGreaterThan(0.05)
    expect(gap(withDropout)).toBeLessThan(gap(without) - 0.05)
  })
})

describe('cnn-baseline', () => {
  it('trains two conv + pool blocks well above chance within a few steps', async () => {
    const m = await runner.run('cnn-baseline', { maxSteps: 20 })
    expect(m.probes[0].layers).toHaveLength(4)
    expect(lastEpoch(m).valAcc).toBeGreaterThan(0.5)
    expect(m.end.final.testAcc).toBeGreaterThan(0.5)
  })
})
