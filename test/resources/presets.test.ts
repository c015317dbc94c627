/**
 * Every preset, run small on wasm, shows the lecture claim it is named for, measured in the
 * probe records the app draws from. Runs are in-process (runTraining) and cached, so a preset
 * compared with another (tanh-deep with xavier-tanh, relu-dying with leaky-relu) runs once.
 */
import { describe, expect, it } from 'vitest'
import { presetConfig } from '../../main/config/presets'
import type { RunConfig } from '../../main/config/schema'
import { createRunControl } from '../../main/engine/host/run-control'
import type { RunEnd } from '../../main/engine/protocol'
import { runTraining } from '../../main/engine/trainer/run-training'
import type { EpochRecord, LayerProbe, ProbeRecord } from '../../main/runs/records'

interface Small {
  /** Synthetic examples per class (80% train). */
  perClass: number
  maxSteps: number
  statsEvery?: number
  /** Changes to the preset for a comparison run (the preset's own file is not touched). */
  patch?: (config: RunConfig) => RunConfig
}

interface Measured {
  end: RunEnd
  probes: ProbeRecord[]
  epochs: EpochRecord[]
}

const cache = new Map<string, Promise<Measured>>()

/** Runs `name` small, once per key. */
function run(name: string, small: Small, key = name): Promise<Measured> {
  const cached = cache.get(key)
  if (cached) return cached
  const base = presetConfig(name)
  if (!base) throw new Error(`no preset ${name}`)
  const sized: RunConfig = {
    ...base,
    training: { ...base.training, maxSteps: small.maxSteps },
    instruments: { ...base.instruments, statsEvery: small.statsEvery ?? 1000, probeSize: 128 }
  }
  const config = small.patch ? small.patch(sized) : sized
  const measured = (async () => {
    const probes: ProbeRecord[] = []
    const epochs: EpochRecord[] = []
    const request = {
      runId: key,
      config,
      data: { kind: 'synthetic' as const, examplesPerClass: small.perClass },
      backend: 'wasm' as const
    }
    const end = await runTraining(
      request,
      (e) => {
        if (e.type === 'probe') probes.push(e.record)
        if (e.type === 'epoch') epochs.push(e.record)
      },
      createRunControl()
    )
    expect(end.status, `${key}: ${end.reason}`).toBe('completed')
    return { end, probes, epochs }
  })()
  cache.set(key, measured)
  return measured
}

/** At-init probe only: one step on a little data. */
const atInit = (name: string) =>
  run(name, { perClass: 10, maxSteps: 1 }).then((m) => m.probes[0].layers)
const hidden = (layers: LayerProbe[]) => layers.slice(0, -1)
const ratios = (values: number[]) => values.slice(1).map((v, i) => v / values[i])
const geometricMean = (values: number[]) =>
  Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

describe('activation presets', () => {
  it('sigmoid-deep: outputs sit near 0.5 and the first layer gets a gradient far below the last', async () => {
    const layers = hidden(await atInit('sigmoid-deep'))
    for (const l of layers) expect(Math.abs(l.post.mean - 0.5)).toBeLessThan(0.05)
    expect(layers[0].gradNorm).toBeLessThan(layers.at(-1)!.gradNorm / 100)
  })

  it('tanh-deep: outputs are zero-centred while the signal and every gradient vanish next to xavier-tanh', async () => {
    const small = hidden(await atInit('tanh-deep'))
    const xavier = hidden(await atInit('xavier-tanh'))
    for (const l of small) expect(Math.abs(l.post.mean)).toBeLessThan(0.05)
    for (const r of ratios(small.map((l) => l.pre.variance))) expect(r).toBeLessThan(0.3)
    small.forEach((l, i) => expect(l.gradNorm).toBeLessThan(xavier[i].gradNorm / 20))
  })

  it('relu-dying kills units during training that leaky-relu, under the same settings, keeps alive', async () => {
    const dying = await run('relu-dying', { perClass: 40, maxSteps: 10, statsEvery: 5 })
    const leaky = await run('leaky-relu', { perClass: 40, maxSteps: 10, statsEvery: 5 })
    const deadAt = (p: ProbeRecord) => mean(hidden(p.layers).map((l) => l.deadFraction))
    expect(deadAt(dying.probes.at(-1)!)).toBeGreaterThan(0.2)
    expect(deadAt(dying.probes.at(-1)!)).toBeGreaterThan(3 * deadAt(dying.probes[0]))
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

  it('xavier-tanh holds the variance steady from layer to layer, as the formula predicts', async () => {
    const layers = hidden(await atInit('xavier-tanh'))
    for (const r of ratios(layers.slice(1).map((l) => l.pre.variance))) {
      expect(r).toBeGreaterThan(0.6)
      expect(r).toBeLessThan(1.25)
    }
    for (const l of layers)
      expect(Math.abs(l.pre.variance / l.predictedPreVar - 1)).toBeLessThan(0.25)
  })

  it('zeros-init keeps weight spread at exactly 0 in every hidden layer while the weights change', async () => {
    const { probes } = await run('zeros-init', { perClass: 20, maxSteps: 6, statsEvery: 2 })
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
    const { probes } = await run('batchnorm', {
      perClass: 40,
      maxSteps: 25,
      statsEvery: 24,
      patch: (c) => ({ ...c, model: { ...c.model, batchNormAlpha: 0.3 } })
    })
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
    const small = { perClass: 40, maxSteps: 20, statsEvery: 10 }
    const withDropout = await run('dropout', small)
    const without = await run(
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
    const gap = (m: Measured) => m.epochs.at(-1)!.trainAcc - m.epochs.at(-1)!.valAcc
    expect(gap(withDropout)).toBeLessThan(gap(without))
  })
})

describe('cnn-baseline', () => {
  it('trains two conv + pool blocks above chance within a few steps', async () => {
    const { probes, epochs } = await run('cnn-baseline', { perClass: 20, maxSteps: 6 })
    expect(probes[0].layers).toHaveLength(4)
    expect(epochs.at(-1)!.valAcc).toBeGreaterThan(0.3)
  })
})
