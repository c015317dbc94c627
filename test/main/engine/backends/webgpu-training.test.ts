import { webgpuSkipReason } from './webgpu-env'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import {
  everyOpInputs,
  everyOpLoss,
  seeded,
  versusCpu,
  weightedSum,
  type Loss
} from './cpu-reference'
import { GRADIENT_CASES } from './gradient-cases'

// Every gradient a Trainscape net takes, on tfjs's WebGPU kernels (unpatched: see
// main/engine/backends/webgpu.ts), against the pure-JS cpu backend on the same inputs. WebGPU
// here is SwiftShader (software Vulkan), which computes in float32 like a GPU; reductions run in
// a different order than on the CPU, hence a slightly looser bound than wasm's 1e-5.
const TOLERANCE = 1e-4

describe.skipIf(webgpuSkipReason != null)('webgpu training kernels', () => {
  beforeAll(async () => {
    // Fails loudly where Chromium's SwiftShader driver exists but Dawn finds no adapter.
    await resolveBackend('webgpu')
  })

  for (const c of GRADIENT_CASES.filter((c) => c.webgpu)) {
    it(`matches cpu ${c.name}`, async () => {
      expect(await versusCpu('webgpu', c.loss, c.inputs())).toBeLessThan(TOLERANCE)
    })
  }

  it.each(
    (['sum', 'mean'] as const).flatMap((op) => [
      { op, shape: [4, 3, 5, 6], axes: [0, 1, 2], keepDims: false },
      { op, shape: [7, 9], axes: [0], keepDims: false },
      { op, shape: [4, 3, 5], axes: [0, 2], keepDims: true }
    ])
  )('matches cpu $op gradients of $shape over axes $axes', async (c) => {
    const reduce = (x: tf.Tensor) => (c.op === 'sum' ? tf.sum : tf.mean)(x, c.axes, c.keepDims)
    const loss: Loss = (x) => weightedSum(reduce(tf.add(1, tf.square(x))), 2)
    expect(await versusCpu('webgpu', loss, [seeded(c.shape, 5)])).toBeLessThan(TOLERANCE)
  })

  it('matches cpu gradients through every other op a Trainscape net uses', async () => {
    expect(await versusCpu('webgpu', everyOpLoss, everyOpInputs())).toBeLessThan(TOLERANCE)
  })
})
