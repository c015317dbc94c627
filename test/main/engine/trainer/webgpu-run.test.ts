import { webgpuSkipReason } from '../backends/webgpu-env'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../../../main/config/presets'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { activeDevice } from '../../../../main/engine/backends/webgpu'
import { createRunControl } from '../../../../main/engine/host/run-control'
import type {
  BackendChoice,
  TrainEvent,
  TrainRequest
} from '../../../../main/contract/trainer-protocol'
import { fusedAdamAvailable } from '../../../../main/engine/trainer/fused-adam'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import type { TrainingHooks } from '../../../../main/engine/trainer/train-contracts'
import { parseLines } from '../../../../main/contract/json-lines'
import type { ProbeRecord, StepRecord } from '../../../../main/contract/runs/records'
import { RUN_FILES } from '../../../../main/contract/runs/run-files'
import { createRunWriter } from '../../../../main/runs/run-writer'
import type { RunSummary } from '../../../../main/contract/runs/summary'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'
import { testConfig } from '../test-backend'

// Whole runs on WebGPU (SwiftShader here: slow, so tiny nets and few steps) against the same
// runs on the CPU backends: every kernel of forward, gradients, optimizer, instruments and
// augmentation is exercised by the real trainer, and a device lost mid-run fails the run
// cleanly. Each run goes through the real run writer into a real run folder.
afterAll(removeTempDirs)

/** Trains `config` on `backend` into a fresh run folder; returns what the folder holds. */
async function recordedRun(
  backend: BackendChoice,
  config: RunConfig,
  hooks: TrainingHooks = {},
  examplesPerClass = 24
): Promise<{ summary: RunSummary; steps: StepRecord[]; probes: ProbeRecord[]; weights: number[] }> {
  const out = await tempDir('webgpu-run')
  const request: TrainRequest = {
    runId: backend,
    config,
    data: { kind: 'synthetic', examplesPerClass },
    backend
  }
  const writer = await createRunWriter(out, request)
  const weights: number[] = []
  const record = (e: TrainEvent) => {
    if (e.type === 'weights') for (const t of e.tensors) weights.push(...t.values)
    writer.record(e)
  }
  const end = await runTraining(request, record, createRunControl(), undefined, hooks)
  const { summary } = await writer.finish(end)
  const dir = join(out, backend)
  const lines = async <T>(file: string) =>
    parseLines<T>(await readFile(join(dir, file), 'utf8')).records
  const onDisk = JSON.parse(await readFile(join(dir, RUN_FILES.summary), 'utf8')) as RunSummary
  expect(onDisk).toEqual(summary)
  return {
    summary,
    steps: await lines<StepRecord>(RUN_FILES.steps),
    probes: await lines<ProbeRecord>(RUN_FILES.probes),
    weights
  }
}

/** Every finite number inside `value`, depth first (probe records are nested objects). */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) out.push(value)
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    for (const v of Array.from(value as ArrayLike<unknown>)) numbersIn(v, out)
  } else if (value != null && typeof value === 'object') {
    // `ms` is a wall time (the dead-unit census records how long it took), not a measurement.
    for (const [key, v] of Object.entries(value)) if (key !== 'ms') numbersIn(v, out)
  }
  return out
}

/** Largest |a − b| / max(1, |b|) over two equally long lists. */
function worstRelative(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length)
  return a.reduce(
    (worst, x, i) => Math.max(worst, Math.abs(x - b[i]!) / Math.max(1, Math.abs(b[i]!))),
    0
  )
}

describe.skipIf(webgpuSkipReason != null)('training on webgpu', () => {
  it('trains a CNN with batch norm, dropout, both pools, augmentation and momentum as cpu does, probes included', async () => {
    const config = testConfig(
      [
        { type: 'conv2d', filters: 4, kernelSize: 3, initializer: 'he-normal', batchNorm: true },
        { type: 'maxPool' },
        { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'elu', initializer: 'he-normal' },
        { type: 'avgPool' },
        {
          type: 'dense',
          units: 8,
          activation: 'tanh',
          initializer: 'glorot-uniform',
          dropout: 0.25
        }
      ],
      {
        inputShape: [8, 8, 3],
        training: {
          optimizer: { type: 'momentum', learningRate: 0.05 },
          batchSize: 16,
          maxSteps: 3
        },
        probe: { statsEvery: 1, probeSize: 8 },
        model: {}
      }
    )
    config.data = {
      ...config.data,
      augmentation: {
        flipHorizontal: true,
        flipVertical: true,
        rotationDegrees: 10,
        translate: 0.1,
        zoom: 0.1,
        brightness: 0.2,
        contrast: 0.2,
        saturation: 0.2,
        hue: 0.05
      }
    }
    const cpu = await recordedRun('cpu', config)
    const gpu = await recordedRun('webgpu', config)
    expect(gpu.summary.status).toBe('completed')
    expect(gpu.summary.backend).toBe('webgpu')
    expect(gpu.summary.adapter?.software).toBe(true)
    expect(gpu.steps).toHaveLength(3)
    expect(
      worstRelative(
        gpu.steps.map((s) => s.loss),
        cpu.steps.map((s) => s.loss)
      )
    ).toBeLessThan(1e-4)
    // Every instrument reading: moments, histograms, dead/saturated fractions, gradient norms…
    expect(gpu.probes.length).toBe(cpu.probes.length)
    expect(worstRelative(numbersIn(gpu.probes), numbersIn(cpu.probes))).toBeLessThan(1e-3)
    expect(worstRelative(gpu.weights, cpu.weights)).toBeLessThan(1e-4)
  }, 600_000)

  it('takes sgd steps through sigmoid, leaky-relu and linear layers as cpu does', async () => {
    const config = testConfig(
      [
        { type: 'dense', units: 12, activation: 'sigmoid', initializer: 'glorot-normal' },
        { type: 'dense', units: 12, activation: 'leaky-relu', initializer: 'he-uniform' },
        { type: 'dense', units: 12, activation: 'linear', initializer: 'lecun-normal' }
      ],
      {
        training: { optimizer: { type: 'sgd', learningRate: 0.1 }, batchSize: 16, maxSteps: 3 },
        probe: { statsEvery: 1, probeSize: 8 }
      }
    )
    const cpu = await recordedRun('cpu', config)
    const gpu = await recordedRun('webgpu', config)
    expect(
      worstRelative(
        gpu.steps.map((s) => s.loss),
        cpu.steps.map((s) => s.loss)
      )
    ).toBeLessThan(1e-4)
    expect(worstRelative(numbersIn(gpu.probes), numbersIn(cpu.probes))).toBeLessThan(1e-3)
    expect(worstRelative(gpu.weights, cpu.weights)).toBeLessThan(1e-4)
  }, 600_000)

  it('trains relu-he for 20 steps on webgpu as on wasm (fused Adam there, tfjs Adam here): same losses, same findings', async () => {
    const base = presetConfig('relu-he') as RunConfig
    const config: RunConfig = {
      ...base,
      model: { ...base.model, inputShape: [8, 8, 1] },
      training: { ...base.training, batchSize: 16, epochs: 1, maxSteps: 20 },
      probe: { ...base.probe, statsEvery: 5, probeSize: 16 }
    }
    // 42 examples per class: 20 batches of 16 in one epoch.
    const wasm = await recordedRun('wasm', config, {}, 42)
    expect(fusedAdamAvailable()).toBe(true)
    const gpu = await recordedRun('webgpu', config, {}, 42)
    expect(fusedAdamAvailable()).toBe(false)
    expect(gpu.steps).toHaveLength(20)
    expect(wasm.steps).toHaveLength(20)
    expect(
      worstRelative(
        gpu.steps.map((s) => s.loss),
        wasm.steps.map((s) => s.loss)
      )
    ).toBeLessThan(1e-3)
    const codes = (s: RunSummary) => s.findings.map((f) => f.code).sort()
    expect(codes(gpu.summary)).toEqual(codes(wasm.summary))
  }, 600_000)

  it('fails a run whose GPU device is lost mid-run with the reason, keeping every recorded step', async () => {
    const config = testConfig([{ type: 'dense', units: 8, initializer: 'he-normal' }], {
      training: { batchSize: 8, maxSteps: 12 },
      probe: { statsEvery: 4, probeSize: 8 }
    })
    // A driver reset, as far as the app can tell: the device tfjs trains on is destroyed.
    const hooks: TrainingHooks = {
      onStepEnd: (step) => {
        if (step === 4) activeDevice()?.destroy()
      }
    }
    const lost = await recordedRun('webgpu', config, hooks)
    expect(lost.summary.status).toBe('failed')
    expect(lost.summary.reason).toMatch(
      /^The GPU device was lost \(destroyed: .+\)\. Training stopped/
    )
    expect(lost.steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4])
    expect(lost.summary.steps).toBe(5)
    // The process goes on: the next run opens a new device and trains.
    const next = await recordedRun('webgpu', {
      ...config,
      training: { ...config.training, maxSteps: 2 }
    })
    expect(next.summary.status).toBe('completed')
  }, 600_000)
})
