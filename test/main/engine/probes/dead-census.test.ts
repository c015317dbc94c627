/**
 * The dead-unit census against a constructed case: hand-set weights make one ReLU unit fire
 * only on training images that the probe batch (drawn from validation) never contains, one
 * unit never fire at all, and one always fire. The probe calls the first two dead; the census
 * on the training split keeps only the second.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelSchema } from '../../../../main/contract/config/schema'
import { silentUnits } from '../../../../main/contract/runs/dead-census'
import { UNIT_STATE } from '../../../../main/contract/runs/records'
import type { Split } from '../../../../main/data/dataset'
import { buildModel, disposeModel, type Model } from '../../../../main/engine/model/model'
import { captureProbe } from '../../../../main/engine/probes/capture'
import { censusLayers, takeCensus } from '../../../../main/engine/probes/dead-census'
import { layerProbes } from '../../../../main/engine/probes/layer-probe'
import { BatchReader } from '../../../../main/engine/trainer/batches'
import { probeSchema } from '../../../../main/contract/config/schema'
import { useTestBackend } from '../test-backend'

const PIXELS = 4

/** A split of `images` (each PIXELS values in [0, 1]) held in memory, labels all 0. */
function memorySplit(images: number[][]): Split {
  const flat = Float32Array.from(images.flat())
  return {
    count: images.length,
    labels: new Int32Array(images.length),
    async gather(indices, out) {
      for (let k = 0; k < indices.length; k++) {
        out.set(flat.subarray(indices[k]! * PIXELS, (indices[k]! + 1) * PIXELS), k * PIXELS)
      }
    }
  }
}

let model: Model
beforeAll(async () => {
  await useTestBackend()
  const spec = modelSchema.parse({
    inputShape: [1, PIXELS, 1],
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'relu' },
      { type: 'dense', units: 2, activation: 'sigmoid' }
    ]
  })
  model = buildModel(spec, 2, 1)
  // Unit 0: +1 on pixel 0, bias -0.5 (fires only when pixel 0 > 0.5). Unit 1: -1 on every
  // pixel, bias -0.1 (never fires on pixels ≥ 0). Unit 2: weights 0, bias 1 (always fires).
  const kernel = new Float32Array(PIXELS * 3)
  kernel[0 * 3 + 0] = 1
  for (let p = 0; p < PIXELS; p++) kernel[p * 3 + 1] = -1
  model.params[0]!.kernel.assign(tf.tensor2d(kernel, [PIXELS, 3]))
  model.params[0]!.bias.assign(tf.tensor1d([-0.5, -0.1, 1]))
})
afterAll(() => disposeModel(model))

/** Probe-batch images: pixel 0 never above 0.5. Training images: two of six have it at 0.9. */
const probeImages = [
  [0.1, 0.2, 0.3, 0.4],
  [0.5, 0.5, 0.5, 0.5],
  [0, 1, 1, 0]
]
const trainImages = [
  [0.2, 0.2, 0.2, 0.2],
  [0.3, 0.9, 0.1, 0],
  [0.9, 0, 0, 0],
  [0.4, 0.4, 0.4, 0.4],
  [0.95, 0.5, 0.5, 0.5],
  [0, 0, 0, 0]
]

describe('takeCensus', () => {
  it('counts only ReLU hidden layers', () => {
    expect(censusLayers(model)).toEqual([0])
  })

  it('calls dead only the unit silent on every training example; the probe-silent one that fires on training images is inactive on the probe', async () => {
    const x = tf.tensor4d(Float32Array.from(probeImages.flat()), [3, 1, PIXELS, 1])
    const captured = await captureProbe(model, x, 3, probeSchema.parse({}))
    x.dispose()
    const probe = layerProbes(model.plan.layers, captured, null)
    const states = probe[0]!.units.state
    expect(states).toEqual([UNIT_STATE.dead, UNIT_STATE.dead, UNIT_STATE.alive])

    const before = tf.memory().numTensors
    // Capacity 4 < 6 examples: the peak is carried across two batches.
    const census = await takeCensus(
      model,
      memorySplit(trainImages),
      new BatchReader([1, PIXELS, 1], 4)
    )
    expect(tf.memory().numTensors).toBe(before)
    expect(census.examples).toBe(6)
    expect(census.splitExamples).toBe(6)
    expect(census.layers).toEqual([{ layer: 0, dead: [1] }])

    expect(silentUnits(states, census.layers[0]!)).toEqual({
      dead: [1],
      inactiveOnProbe: [0],
      checked: true
    })
    expect(silentUnits(states, null)).toEqual({ dead: [], inactiveOnProbe: [0, 1], checked: false })
  })

  it('reads only the first `limit` examples and says how many the split had', async () => {
    // Without examples 2 and 4 (the only ones with pixel 0 above 0.5), unit 0 never fires.
    const census = await takeCensus(
      model,
      memorySplit(trainImages.slice(0, 2)),
      new BatchReader([1, PIXELS, 1], 4)
    )
    expect(census.layers[0]!.dead).toEqual([0, 1])
    const capped = await takeCensus(
      model,
      memorySplit(trainImages),
      new BatchReader([1, PIXELS, 1], 4),
      () => 0,
      2
    )
    expect(capped.examples).toBe(2)
    expect(capped.splitExamples).toBe(6)
    expect(capped.layers[0]!.dead).toEqual([0, 1])
  })
})
