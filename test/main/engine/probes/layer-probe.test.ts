import { beforeAll, describe, expect, it } from 'vitest'
import type { ProbeRecord } from '../../../../main/contract/runs/records'
import { probeExamples } from '../../../../main/engine/probes/capture'
import type { TrainEvent } from '../../../../main/contract/trainer-protocol'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import type { RunConfig } from '../../../../main/contract/config/schema'
import { testConfig, useTestBackend } from '../test-backend'

beforeAll(useTestBackend)

async function probesOf(config: RunConfig): Promise<ProbeRecord[]> {
  const events: TrainEvent[] = []
  const control = { waitWhilePaused: async () => {}, stopRequested: () => false }
  const request = {
    runId: 'probe-test',
    config,
    data: { kind: 'synthetic' as const, examplesPerClass: 40 },
    backend: 'wasm' as const
  }
  const end = await runTraining(request, (e) => events.push(e), control)
  expect(end.status).toBe('completed')
  return events.flatMap((e) => (e.type === 'probe' ? [e.record] : []))
}

describe('layer probes', () => {
  it('probes at steps 0, 1, 2, 4 (powers of two below statsEvery), every statsEvery steps and at the last step', async () => {
    const probes = await probesOf(
      testConfig([{ type: 'dense', units: 8 }], {
        training: { epochs: 2 },
        probe: { statsEvery: 6 }
      })
    )
    expect(probes.map((p) => p.step)).toEqual([0, 1, 2, 4, 6, 12, 18, 19])
    expect(probes.map((p) => p.epoch)).toEqual([0, 0, 0, 0, 0, 1, 1, 1])
  })

  it('predicts the measured pre-activation variance of a He-initialized ReLU stack at step 0', async () => {
    const layers = [64, 64, 64].map((units) => ({
      type: 'dense' as const,
      units,
      initializer: 'he-normal' as const
    }))
    const [first] = await probesOf(
      testConfig(layers, {
        inputShape: [12, 12, 1],
        training: { maxSteps: 1 },
        probe: { probeSize: 256 }
      })
    )
    for (const layer of first!.layers.slice(0, 3)) {
      expect(layer.pre.variance / layer.predictedPreVar).toBeGreaterThan(0.75)
      expect(layer.pre.variance / layer.predictedPreVar).toBeLessThan(1.33)
      expect(layer.weights.variance * 64).toBeGreaterThan(0)
    }
    expect(Math.abs(first!.layers[1]!.weights.variance / (2 / 64) - 1)).toBeLessThan(0.15)
  })

  it('records gradients, update ratios, batch-norm moments and the dropout kept fraction', async () => {
    const probes = await probesOf(
      testConfig([{ type: 'dense', units: 32, batchNorm: true, dropout: 0.5 }], {
        training: { maxSteps: 3 },
        probe: { statsEvery: 1 }
      })
    )
    const layer = probes[1]!.layers[0]
    expect(layer!.gradNorm).toBeGreaterThan(0)
    expect(layer!.updateRatio).toBeGreaterThan(0)
    expect(layer!.updateRatio).toBeLessThan(1)
    expect(layer!.preNorm).not.toBeNull()
    expect(layer!.batchNorm?.batchMean).toHaveLength(32)
    expect(layer!.batchNorm?.movingVar).toHaveLength(32)
    // The moving mean moved from 0 toward the batch means after one update with alpha 0.1.
    expect(layer!.batchNorm!.movingMean.some((m) => m !== 0)).toBe(true)
    expect(layer!.dropoutKept).toBeGreaterThan(0.4)
    expect(layer!.dropoutKept).toBeLessThan(0.6)
    expect(probes[1]!.layers[1]!.dropoutKept).toBeNull()
    expect(probes[1]!.layers[1]!.batchNorm).toBeNull()
  })

  it('caps conv probe rows by using fewer probe examples there', async () => {
    const [first] = await probesOf(
      testConfig(
        [
          { type: 'conv2d', filters: 3, kernelSize: 3 },
          { type: 'dense', units: 4 }
        ],
        {
          inputShape: [32, 32, 1],
          training: { maxSteps: 1 },
          probe: { probeSize: 60 }
        }
      )
    )
    expect(first!.layers[0]!.pre.count).toBe(probeExamples(60, 1024) * 1024 * 3)
    expect(first!.layers[1]!.pre.count).toBe(60 * 4)
  })
})
