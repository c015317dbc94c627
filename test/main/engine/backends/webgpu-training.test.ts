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

// Every gradient a Trainscape net takes, on tfjs's WebGPU kernels (plus our fixes in
// webgpu-kernels.ts), against the pure-JS cpu backend on the same inputs. WebGPU here is
// SwiftShader (software Vulkan), which computes in float32 like a GPU; reductions run in a
// different order than on the CPU, hence a slightly looser bound than wasm's 1e-5.
const TOLERANCE = 1e-4

describe.skipIf(webgpuSkipReason != null)('webgpu training kernels', () => {
  beforeAll(async () => {
    // Fails loudly where Chromium's SwiftShader driver exists but Dawn finds no adapter.
    await resolveBackend('webgpu')
  })

  it.each([
    { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [2, 6, 4], b: [2, 3, 6], transposeA: true, transposeB: true }
  ])(
    'matches cpu matMul gradients for $a × $b (transposeA $transposeA, transposeB $transposeB)',
    async (c) => {
      const loss: Loss = (a, b) => weightedSum(tf.matMul(a, b, c.transposeA, c.transposeB), 9)
      const inputs = [seeded(c.a, 1), seeded(c.b, 2)]
      expect(await versusCpu('webgpu', loss, inputs)).toBeLessThan(TOLERANCE)
    }
  )

  it('matches cpu gradients of a fused matMul with bias and relu (the dense layer path)', async () => {
    const loss: Loss = (a, b, bias) =>
      weightedSum(tf.fused.matMul({ a, b, bias, activation: 'relu' }), 4)
    const inputs = [seeded([6, 9], 1), seeded([9, 5], 2), seeded([5], 3)]
    expect(await versusCpu('webgpu', loss, inputs)).toBeLessThan(TOLERANCE)
  })

  it.each([
    { x: [2, 7, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { x: [3, 9, 8, 2], filter: [3, 2, 2, 5], strides: 2, pad: 'same' },
    { x: [2, 9, 9, 4], filter: [4, 4, 4, 3], strides: 2, pad: 'valid' },
    { x: [1, 6, 6, 1], filter: [5, 5, 1, 2], strides: 1, pad: 'valid' }
  ] as const)(
    'matches cpu conv2d input and filter gradients for x $x, filter $filter, strides $strides, pad $pad',
    async (c) => {
      const loss: Loss = (x, f) =>
        weightedSum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad), 5)
      const inputs = [seeded([...c.x], 1), seeded([...c.filter], 2)]
      expect(await versusCpu('webgpu', loss, inputs)).toBeLessThan(TOLERANCE)
    }
  )

  it('matches cpu gradients of a fused conv2d with bias (the conv layer path)', async () => {
    const loss: Loss = (x, f, bias) =>
      weightedSum(
        tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: f as tf.Tensor4D,
          strides: 1,
          pad: 'same',
          bias
        }),
        6
      )
    const inputs = [seeded([3, 6, 5, 2], 1), seeded([3, 3, 2, 4], 2), seeded([4], 3)]
    expect(await versusCpu('webgpu', loss, inputs)).toBeLessThan(TOLERANCE)
  })

  it.each([
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: 0 },
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: -2 },
    { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same', shift: -0.5 }
  ] as const)(
    'matches cpu max-pool gradients for x $x, size $size, strides $strides, pad $pad, values shifted by $shift',
    async (c) => {
      const loss: Loss = (x) =>
        weightedSum(tf.maxPool(tf.add(x, c.shift) as tf.Tensor4D, c.size, c.strides, c.pad), 7)
      expect(await versusCpu('webgpu', loss, [seeded([...c.x], 3)])).toBeLessThan(TOLERANCE)
    }
  )

  it.each([
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same' }
  ] as const)(
    'matches cpu avg-pool gradients for x $x, size $size, strides $strides, pad $pad',
    async (c) => {
      const loss: Loss = (x) =>
        weightedSum(tf.avgPool(x as tf.Tensor4D, c.size, c.strides, c.pad), 7)
      expect(await versusCpu('webgpu', loss, [seeded([...c.x], 3)])).toBeLessThan(TOLERANCE)
    }
  )

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
