import * as tf from '@tensorflow/tfjs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { augmentationSchema, type RunConfig } from '../../../../main/contract/config/schema'
import type { DataSource, RunEnd, TrainEvent } from '../../../../main/contract/trainer-protocol'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import type { TrainControl, TrainingHooks } from '../../../../main/engine/trainer/train-contracts'
import type { StepRecord } from '../../../../main/contract/runs/records'
import { censusExamples } from '../../../../main/contract/runs/dead-census'
import { testConfig, useTestBackend } from '../test-backend'

beforeAll(useTestBackend)

const running: TrainControl = { waitWhilePaused: async () => {}, stopRequested: () => false }
const synthetic: DataSource = { kind: 'synthetic', examplesPerClass: 40 }

async function train(
  config: RunConfig,
  options: {
    control?: TrainControl
    data?: DataSource
    hooks?: TrainingHooks
    onEvent?: (e: TrainEvent) => void
  } = {}
): Promise<{ end: RunEnd; events: TrainEvent[]; steps: StepRecord[] }> {
  const events: TrainEvent[] = []
  const emit = (e: TrainEvent) => {
    events.push(e)
    options.onEvent?.(e)
  }
  const request = {
    runId: 'test',
    config,
    data: options.data ?? synthetic,
    backend: 'wasm' as const
  }
  const end = await runTraining(request, emit, options.control ?? running, undefined, options.hooks)
  const steps = events.flatMap((e) => (e.type === 'step' ? [e.record] : []))
  return { end, events, steps }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe('runTraining', () => {
  it('lowers the loss of a small MLP on synthetic data and emits events in order', async () => {
    const config = testConfig([{ type: 'dense', units: 32, initializer: 'he-normal' }], {
      training: { epochs: 3 }
    })
    const { end, events, steps } = await train(config)
    expect(end.status).toBe('completed')
    expect(steps).toHaveLength(30)
    expect(mean(steps.slice(-5).map((s) => s.loss))).toBeLessThan(
      0.6 * mean(steps.slice(0, 5).map((s) => s.loss))
    )
    expect(end.final.valAcc).toBeGreaterThan(0.5)
    const order = events
      .map((e) => (e.type === 'phase' ? `phase ${e.phase}` : e.type))
      .filter((t, i, all) => t !== all[i - 1])
    expect(order.slice(0, 10)).toEqual([
      'phase backend',
      'backend',
      'phase data',
      'dataset',
      'phase model',
      'layers',
      'phase first-step',
      'state',
      'step',
      'probe'
    ])
    expect(order.at(-1)).toBe('weights')
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3)
  })

  it('takes the dead-unit census before training and at every epoch end: a zero-initialized ReLU layer outputs relu(0) = 0 everywhere and gets no gradient, so all its units stay dead', async () => {
    const config = testConfig(
      [
        { type: 'dense', units: 6, initializer: 'zeros' },
        { type: 'dense', units: 5, activation: 'tanh' }
      ],
      { training: { epochs: 2 } }
    )
    const { events } = await train(config)
    const dataset = events.find((e) => e.type === 'dataset')
    const probes = events.flatMap((e) => (e.type === 'probe' ? [e.record] : []))
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.record] : []))
    if (dataset?.type !== 'dataset') throw new Error('no dataset event')
    const trainCount = Object.values(dataset.dataset.counts.train!).reduce((a, b) => a + b, 0)
    const all = [0, 1, 2, 3, 4, 5]
    const censuses = [probes[0]!.census, ...epochs.map((e) => e.census)]
    expect(probes.slice(1).every((p) => p.census === undefined)).toBe(true)
    expect(censuses).toHaveLength(3)
    for (const census of censuses) {
      // Sized to the instruments' budget: here the 256-example floor, below the split's 320.
      expect(census!.examples).toBe(censusExamples(trainCount))
      expect(census!.examples).toBe(Math.min(trainCount, 256))
      expect(census!.splitExamples).toBe(trainCount)
      expect(census!.ms).toBeGreaterThanOrEqual(0)
      // The tanh layer cannot die: only layer 0 is counted.
      expect(census!.layers).toEqual([{ layer: 0, dead: all }])
    }
  })

  it('lowers the loss of a small CNN on synthetic data', async () => {
    const config = testConfig(
      [
        { type: 'conv2d', filters: 4, kernelSize: 3, initializer: 'he-normal' },
        { type: 'maxPool' },
        { type: 'dense', units: 16, initializer: 'he-normal' }
      ],
      { training: { epochs: 3 } }
    )
    const { end, steps } = await train(config)
    expect(end.status).toBe('completed')
    expect(mean(steps.slice(-5).map((s) => s.loss))).toBeLessThan(
      0.7 * mean(steps.slice(0, 5).map((s) => s.loss))
    )
  })

  it('reproduces identical step losses from the same seed, with batch norm and dropout', async () => {
    const config = testConfig([{ type: 'dense', units: 16, batchNorm: true, dropout: 0.3 }], {
      training: { epochs: 1 }
    })
    const first = await train(config)
    const second = await train(config)
    expect(second.steps.map((s) => s.loss)).toEqual(first.steps.map((s) => s.loss))
    const other = await train({ ...config, training: { ...config.training, seed: 8 } })
    expect(other.steps.map((s) => s.loss)).not.toEqual(first.steps.map((s) => s.loss))
  })

  it('keeps weight spread at exactly 0 when every weight starts at 0', async () => {
    const config = testConfig(
      [
        { type: 'dense', units: 8, activation: 'sigmoid', initializer: 'zeros' },
        { type: 'dense', units: 8, activation: 'sigmoid', initializer: 'zeros' }
      ],
      {
        training: { epochs: 2, optimizer: { type: 'sgd', learningRate: 0.5 } },
        model: { outputInitializer: 'zeros' }
      }
    )
    const { end, events } = await train(config)
    expect(end.status).toBe('completed')
    const probes = events.flatMap((e) => (e.type === 'probe' ? [e.record] : []))
    expect(probes.length).toBeGreaterThan(2)
    for (const probe of probes) {
      for (const layer of probe.layers.slice(0, 2)) {
        expect(layer.weights.spread).toBe(0)
        expect(new Set(layer.units.meanActivation).size).toBe(1)
      }
    }
    // The weights did move (symmetry, not a frozen net): the first layer's norm grew from 0.
    expect(probes.at(-1)!.layers[0]!.weights.norm).toBeGreaterThan(0)
  })

  it('ends diverged at the first non-finite loss, naming only a layer whose statistics went non-finite', async () => {
    const config = testConfig(
      [
        { type: 'dense', units: 16, activation: 'linear' },
        { type: 'dense', units: 16, activation: 'linear' }
      ],
      { training: { epochs: 5, optimizer: { type: 'sgd', learningRate: 1e6 } } }
    )
    const { end, events, steps } = await train(config)
    expect(end.status).toBe('diverged')
    const firstBad = steps.findIndex((s) => !Number.isFinite(s.loss))
    expect(firstBad).toBeGreaterThan(0)
    expect(end.divergedAt).toBe(steps[firstBad]!.step)
    expect(steps).toHaveLength(firstBad + 1)
    const lastProbe = events.filter((e) => e.type === 'probe').at(-1)
    if (lastProbe?.type !== 'probe') throw new Error('expected a probe at the diverged step')
    expect(lastProbe.record.step).toBe(end.divergedAt)
    const nonFinite = lastProbe.record.layers.map(
      (l) => l.pre.nonFinite + l.post.nonFinite > 0 || !Number.isFinite(l.weights.norm)
    )
    const firstBadLayer = nonFinite.indexOf(true)
    expect(end.divergedLayer).toBe(
      firstBadLayer >= 0 ? ['dense_1', 'dense_2', 'output'][firstBadLayer] : null
    )
    expect(events.at(-1)?.type).toBe('weights')
  })

  it('pauses, resumes and stops between steps through TrainControl', async () => {
    let paused = false
    let stop = false
    let wake: () => void = () => {}
    const control: TrainControl = {
      get paused() {
        return paused
      },
      stopRequested: () => stop,
      waitWhilePaused: () => (paused ? new Promise<void>((r) => (wake = r)) : Promise.resolve())
    }
    const seenWhilePaused: number[] = []
    const onEvent = (e: TrainEvent) => {
      if (e.type === 'step' && e.record.step === 3) {
        paused = true
        setTimeout(() => {
          paused = false
          wake()
        }, 30)
      }
      if (e.type === 'step' && paused) seenWhilePaused.push(e.record.step)
      if (e.type === 'step' && e.record.step === 6) stop = true
    }
    const config = testConfig([{ type: 'dense', units: 8 }], { training: { epochs: 3 } })
    const { end, events, steps } = await train(config, { control, onEvent })
    expect(end.status).toBe('stopped')
    expect(end.steps).toBe(7)
    expect(steps.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(seenWhilePaused).toEqual([3])
    const states = events.flatMap((e) => (e.type === 'state' ? [e.state] : []))
    expect(states).toEqual(['running', 'paused', 'running'])
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(1)
    expect(events.at(-1)?.type).toBe('weights')
  })

  it('leaks no tensors: the count is equal at every epoch end and back to the start afterwards', async () => {
    const before = tf.memory().numTensors
    const counts: number[] = []
    const config = testConfig([{ type: 'dense', units: 8, batchNorm: true, dropout: 0.2 }], {
      training: { epochs: 4 },
      probe: { statsEvery: 3 }
    })
    const { end } = await train(config, {
      hooks: { onEpochEnd: () => counts.push(tf.memory().numTensors) }
    })
    expect(end.status).toBe('completed')
    expect(counts).toHaveLength(4)
    expect(new Set(counts.slice(1)).size).toBe(1)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('stops after training.maxSteps with a final partial epoch record', async () => {
    const config = testConfig([{ type: 'dense', units: 8 }], {
      training: { epochs: 10, maxSteps: 13 }
    })
    const { end, events, steps } = await train(config)
    expect(end.status).toBe('completed')
    expect(steps).toHaveLength(13)
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.record] : []))
    expect(epochs.map((e) => e.step)).toEqual([10, 13])
  })

  it('follows a cosine learning-rate schedule over the planned epochs, even when capped', async () => {
    const layers = [{ type: 'dense' as const, units: 8 }]
    const cosine = { learningRate: 0.04, type: 'sgd' as const }
    const full = await train(
      testConfig(layers, {
        training: { epochs: 4, optimizer: cosine, learningRateSchedule: 'cosine' }
      })
    )
    // The synthetic data's training split makes 10 batches of 32: 40 steps in 4 epochs.
    const rates = full.steps.map((s) => s.lr)
    expect(rates).toHaveLength(40)
    expect(rates[0]).toBe(0.04)
    expect(rates[20]).toBeCloseTo(0.02, 12)
    expect(rates.at(-1)).toBeGreaterThan(0)
    expect(rates.at(-1)).toBeLessThan(0.0001)
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]!)
    // A capped run takes the first steps of the same schedule, with the same losses.
    const capped = await train(
      testConfig(layers, {
        training: { epochs: 4, maxSteps: 20, optimizer: cosine, learningRateSchedule: 'cosine' }
      })
    )
    expect(capped.steps.map((s) => s.lr)).toEqual(rates.slice(0, 20))
    expect(capped.steps.map((s) => s.loss)).toEqual(full.steps.slice(0, 20).map((s) => s.loss))
    // The optimizer really uses the rate: the constant schedule's losses part from step 2 on.
    const constant = await train(testConfig(layers, { training: { epochs: 4, optimizer: cosine } }))
    expect(constant.steps.every((s) => s.lr === 0.04)).toBe(true)
    expect(constant.steps.slice(0, 2).map((s) => s.loss)).toEqual(
      full.steps.slice(0, 2).map((s) => s.loss)
    )
    expect(constant.steps[2]!.loss).not.toBe(full.steps[2]!.loss)
  })

  it('fails with a one-line reason naming the problem when the data or the model is unusable', async () => {
    const missing = await train(testConfig([{ type: 'dense', units: 8 }]), {
      data: { kind: 'folder', path: '/nonexistent/trainscape-images' }
    })
    expect(missing.end.status).toBe('failed')
    expect(missing.end.reason).toMatch(/nonexistent/)
    expect(missing.end.reason).not.toContain('\n')
    const tooSmall = await train(
      testConfig([{ type: 'conv2d', filters: 2, kernelSize: 9, padding: 'valid' }])
    )
    expect(tooSmall.end).toMatchObject({ status: 'failed' })
    expect(tooSmall.end.reason).toMatch(/model\.layers\[0\].*conv2d_1.*below 1 pixel/)
    expect(tooSmall.events.some((e) => e.type === 'weights')).toBe(false)
  })

  it('reports the steps, epochs and metrics it reached when it fails inside the training loop', async () => {
    const config = testConfig([{ type: 'dense', units: 8 }], { training: { epochs: 5 } })
    const { end, events, steps } = await train(config, {
      hooks: {
        onEpochEnd: (epoch) => {
          if (epoch === 1) throw new Error('disk gone')
        }
      }
    })
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.record] : []))
    expect(end.status).toBe('failed')
    expect(end.reason).toBe('disk gone')
    expect(steps.length).toBeGreaterThan(0)
    expect(end.steps).toBe(steps.length)
    expect(end.epochs).toBe(2)
    expect(end.final.valAcc).toBe(epochs[1]!.valAcc)
    expect(end.final.trainLoss).toBe(epochs[1]!.trainLoss)
  })

  it('trains on a folder of real image files, reporting loading progress first', async () => {
    const root = await mkdtemp(join(tmpdir(), 'trainscape-engine-'))
    try {
      for (const [name, colour] of [
        ['dark', 20],
        ['light', 230]
      ] as const) {
        await mkdir(join(root, name))
        for (let i = 0; i < 8; i++) {
          const pixels = Buffer.alloc(8 * 8, colour + i)
          await sharp(pixels, { raw: { width: 8, height: 8, channels: 1 } })
            .png()
            .toFile(join(root, name, `${i}.png`))
        }
      }
      const config = testConfig([{ type: 'dense', units: 4, activation: 'tanh' }], {
        training: { epochs: 15, batchSize: 4, optimizer: { type: 'adam', learningRate: 0.05 } }
      })
      const { end, events } = await train(config, { data: { kind: 'folder', path: root } })
      expect(end.status).toBe('completed')
      const types = events.map((e) => e.type)
      expect(types.indexOf('loading')).toBeLessThan(types.indexOf('dataset'))
      const dataset = events.find((e) => e.type === 'dataset')
      expect(dataset?.type === 'dataset' && dataset.dataset.classes).toEqual(['dark', 'light'])
      expect(end.final.valAcc).toBe(1)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('augments training batches when the config asks, changing the losses but not validation data', async () => {
    const plain = testConfig([{ type: 'dense', units: 8 }], { training: { epochs: 1 } })
    const augmented = {
      ...plain,
      data: {
        ...plain.data,
        augmentation: augmentationSchema.parse({ flipHorizontal: true, brightness: 0.2 })
      }
    }
    const a = await train(plain)
    const b = await train(augmented)
    expect(b.end.status).toBe('completed')
    expect(b.steps[0]!.loss).not.toBe(a.steps[0]!.loss)
    // Step 0 probes run before any update on unaugmented validation examples: identical.
    const firstProbe = (events: TrainEvent[]) => events.find((e) => e.type === 'probe')
    const pa = firstProbe(a.events)
    const pb = firstProbe(b.events)
    expect(pa?.type === 'probe' && pa.record.layers[0]!.pre).toEqual(
      pb?.type === 'probe' && pb.record.layers[0]!.pre
    )
  })

  it('cancels loading the bundled sample when a stop is requested, ending stopped without steps', async () => {
    let stop = false
    const control: TrainControl = { waitWhilePaused: async () => {}, stopRequested: () => stop }
    const onEvent = (e: TrainEvent) => {
      if (e.type === 'loading') stop = true
    }
    const config = testConfig([{ type: 'dense', units: 4 }], { inputShape: [28, 28, 1] })
    const started = performance.now()
    const { end, events } = await train(config, { control, onEvent, data: { kind: 'sample' } })
    expect(end.status).toBe('stopped')
    expect(events.some((e) => e.type === 'step')).toBe(false)
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
