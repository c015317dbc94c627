/**
 * The causes on real runs: presets trained short on the bundled sample with one thing changed
 * whose effect is known (real tfjs training on wasm, read back from the folders the real run
 * writer made), each diagnosed by the app's findings engine. Each case asserts the cause it was
 * built to show and checks its evidence against the records or against theory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sizedPreset, trainSmall } from '../../../../../main/claims/small-run'
import { createRunWriter } from '../../../../../main/runs/run-writer'
import { removeTempDirs, tempDir } from '../../../../helpers/temp-dirs'
import type { RunConfig } from '../../../../../main/contract/config/schema'
import type { Finding } from '../../../../../main/contract/runs/summary'
import { readRun, type RunData } from '../../../../../main/runs/run-reader'
import { UPDATE_RATIO_HIGH } from '../../../../../main/contract/diagnosis/thresholds'
import { presetRunner, sharedPlace, type Small } from '../../../../resources/preset-runs'

const runner = presetRunner()
afterAll(() => runner.dispose())

const hidden = (c: RunConfig, change: Record<string, unknown>): RunConfig => ({
  ...c,
  model: { ...c.model, layers: c.model.layers.map((l) => ({ ...l, ...change })) }
})
const withOptimizer = (o: RunConfig['training']['optimizer']) => (c: RunConfig) => ({
  ...c,
  training: { ...c.training, optimizer: o }
})
const ADAM_1E2 = { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const

const CASES: Record<string, { preset: string; small: Small }> = {
  'learning-rate': {
    preset: 'relu-he',
    small: { maxSteps: 60, statsEvery: 10, patch: withOptimizer(ADAM_1E2) }
  },
  'bias-shift': {
    preset: 'relu-he',
    small: { maxSteps: 20, statsEvery: 10, patch: (c) => hidden(c, { biasInit: -3 }) }
  },
  'init-scale': { preset: 'small-init', small: { maxSteps: 20, statsEvery: 10 } },
  'saturating-activation': { preset: 'sigmoid-deep', small: { maxSteps: 30, statsEvery: 10 } },
  healthy: { preset: 'relu-he', small: { maxSteps: 60, statsEvery: 10 } }
}

/** relu-he at SGD 10, which diverges (the preset runner keeps completed runs only). */
async function divergedRun(): Promise<RunData> {
  const root = await tempDir('diverged')
  const small: Small = { maxSteps: 30, statsEvery: 10, patch: withOptimizer({ type: 'sgd', learningRate: 10 }) }
  const config = sizedPreset('relu-he', small, null)
  const data = { kind: 'sample' } as const
  const writer = await createRunWriter(root, { runId: 'diverged', config, data, backend: 'wasm' })
  const { cacheDir } = sharedPlace()
  const run = await trainSmall('diverged', config, { data, cacheDir }, (e) => writer.record(e))
  await writer.finish(run.end)
  return readRun(writer.dir)
}

const runs = new Map<string, RunData>()
beforeAll(async () => {
  for (const [key, c] of Object.entries(CASES)) {
    const { dir } = await runner.run(c.preset, c.small, key)
    runs.set(key, await readRun(dir))
  }
  runs.set('divergence', await divergedRun())
}, 600_000)
afterAll(removeTempDirs)

const alarms = (key: string): Finding[] =>
  runs.get(key)!.summary.findings.filter((f) => f.severity !== 'info')
const firstAlarm = (key: string): Finding => {
  const [f] = alarms(key)
  if (!f) throw new Error(`${key} raised no warning or problem`)
  return f
}

describe('causes on real runs', () => {
  it('names the step size for relu-he at Adam 1e-2, with the update ratio Adam predicts', () => {
    const f = firstAlarm('learning-rate')
    expect(f.cause?.code).toBe('learning-rate')
    const { numbers, step, layer } = f.cause!.evidence
    expect(numbers.updateRatio).toBeGreaterThanOrEqual(UPDATE_RATIO_HIGH)
    const run = runs.get('learning-rate')!
    const index = run.layers.findIndex((l) => l.name === layer)
    const probe = run.probes.find((p) => p.step === step)!.layers[index]!
    expect(numbers.updateRatio).toBe(probe.updateRatio)
    // Adam's first step moves every weight whose gradient is not 0 by the learning rate:
    // ‖ΔW‖ ≤ lr·√(fanIn·units), so the ratio at step 0 is at most lr·√(n·units)/‖W₀‖ and, with
    // few constant input pixels, close to it.
    const info = run.layers[index]!
    const first = run.probes[0]!.layers[index]!
    const bound = (0.01 * Math.sqrt(info.fanIn * info.units)) / first.weights.norm
    expect(first.updateRatio).toBeLessThanOrEqual(bound * 1.001)
    expect(first.updateRatio).toBeGreaterThan(bound * 0.8)
    expect(numbers.fanIn).toBe(info.fanIn)
    expect(numbers.meanImageShare).toBe(run.summary.dataset?.meanImageShare)
    expect(f.fix?.changes[0]?.path).toBe('training.optimizer.learningRate')
    expect(Number(f.fix?.changes[0]?.value)).toBeLessThanOrEqual(0.001)
  })

  it('names biases started at -3, recorded exactly, and proposes starting them at 0', () => {
    const f = firstAlarm('bias-shift')
    expect(f.cause?.code).toBe('bias-shift')
    expect(f.cause?.evidence.numbers.biasMean).toBe(-3)
    const first = runs.get('bias-shift')!.probes[0]!
    for (const l of first.layers.slice(0, -1)) expect(l.bias).toEqual({ mean: -3, std: 0, min: -3, max: -3 })
    expect(first.layers.at(-1)!.bias?.mean).toBe(0)
    expect(f.fix?.changes.map((c) => c.path)).toContain('model.layers.0.biasInit')
    expect(f.fix?.changes.every((c) => c.value === 0)).toBe(true)
  })

  it('names the 0.03·N(0,1) init, with n·Var(w) near 128 · 0.0009', () => {
    const f = firstAlarm('init-scale')
    expect(f.code).toBe('variance-collapse')
    expect(f.cause?.code).toBe('init-scale')
    // A 128×128 kernel's sample variance is within a few percent of 0.0009.
    expect(f.cause!.evidence.numbers.weightGain).toBeGreaterThan(128 * 0.0009 * 0.9)
    expect(f.cause!.evidence.numbers.weightGain).toBeLessThan(128 * 0.0009 * 1.1)
    expect(f.fix?.changes.every((c) => c.value === 'he-normal')).toBe(true)
  })

  it('names the sigmoid stack of sigmoid-deep and proposes ReLU with He', () => {
    const f = firstAlarm('saturating-activation')
    expect(f.cause?.code).toBe('saturating-activation')
    expect(f.cause!.evidence.numbers.saturatingLayers).toBe(8)
    expect(f.fix?.changes).toContainEqual({ path: 'model.layers.0.activation', value: 'relu' })
  })

  it('names the first non-finite quantity of a diverged run, never a layer that stayed finite', () => {
    const run = runs.get('divergence')!
    expect(run.summary.status).toBe('diverged')
    const f = run.summary.findings.find((x) => x.code === 'divergence')!
    expect(f.cause?.code).toBe('divergence')
    // The first non-finite quantity can come before the loss: the probe batch's activations.
    expect(f.cause!.evidence.step).toBeLessThanOrEqual(run.summary.divergedAt!)
    const name = f.cause!.evidence.layer
    if (name !== null) {
      const i = run.layers.findIndex((l) => l.name === name)
      const probe = run.probes.find((p) => p.step === f.cause!.evidence.step)!.layers[i]!
      const nonFinite =
        probe.pre.nonFinite + probe.post.nonFinite > 0 ||
        !Number.isFinite(probe.weights.norm) ||
        !Number.isFinite(probe.gradNorm)
      expect(nonFinite).toBe(true)
    }
  })

  it('gives healthy relu-he no finding and so no cause', () => {
    expect(alarms('healthy')).toEqual([])
  })
})
