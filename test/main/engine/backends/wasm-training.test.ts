import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import { makeConv2dFilterGrad } from '../../../../main/engine/backends/wasm-kernels/conv2d-filter-grad'
import {
  gradientsOn,
  seeded,
  TOLERANCE,
  wasmVersusCpu,
  weightedSum,
  type Loss
} from './cpu-reference'

// Every gradient the wasm training kernels replace is checked against the pure-JS cpu backend,
// on the same inputs, to float32 accuracy.

// Captured at import, before any resolveBackend call installs the wasm kernels.
const REPLACED = [
  'BatchMatMul',
  '_FusedMatMul',
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'MaxPoolGrad',
  'Sum',
  'Mean',
  'Identity',
  'Cast'
]
const CPU_BEFORE = REPLACED.map((name) => tf.getKernel(name, 'cpu')?.kernelFunc)

describe('wasm training kernels', () => {
  beforeAll(async () => {
    await resolveBackend('wasm')
  })

  it.each([
    { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false },
    { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false },
    { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true },
    { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
    { a: [2, 4, 6], b: [2, 6, 3], transposeA: false, transposeB: false },
    { a: [2, 6, 4], b: [2, 3, 6], transposeA: true, transposeB: true }
  ])(
    'matches cpu matMul gradients for $a × $b (transposeA $transposeA, transposeB $transposeB)',
    async (c) => {
      const loss: Loss = (a, b) => weightedSum(tf.matMul(a, b, c.transposeA, c.transposeB), 9)
      expect(await wasmVersusCpu(loss, [seeded(c.a, 1), seeded(c.b, 2)])).toBeLessThan(TOLERANCE)
    }
  )

  it('matches cpu gradients of a fused matMul with bias and relu (the dense layer path)', async () => {
    const loss: Loss = (a, b, bias) =>
      weightedSum(tf.fused.matMul({ a, b, bias, activation: 'relu' }), 4)
    const inputs = [seeded([6, 9], 1), seeded([9, 5], 2), seeded([5], 3)]
    expect(await wasmVersusCpu(loss, inputs)).toBeLessThan(TOLERANCE)
  })

  it.each([
    { x: [2, 7, 5, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
    { x: [3, 9, 8, 2], filter: [3, 2, 2, 5], strides: 2, pad: 'same' },
    { x: [2, 9, 9, 4], filter: [4, 4, 4, 3], strides: 2, pad: 'valid' },
    { x: [1, 6, 6, 1], filter: [5, 5, 1, 2], strides: 1, pad: 'valid' },
    { x: [3, 6, 5, 2], filter: [4, 4, 2, 3], strides: 1, pad: 'same' },
    { x: [2, 5, 4, 3], filter: [3, 1, 3, 2], strides: 1, pad: 'valid' },
    { x: [2, 10, 7, 3], filter: [3, 3, 3, 4], strides: [3, 2], pad: 'same' },
    {
      x: [2, 8, 6, 2],
      filter: [3, 3, 2, 3],
      strides: 1,
      pad: [
        [0, 0],
        [2, 0],
        [1, 1],
        [0, 0]
      ]
    }
  ] as const)(
    'matches cpu conv2d input and filter gradients for x $x, filter $filter, strides $strides, pad $pad',
    async (c) => {
      const pad = c.pad as 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]]
      const loss: Loss = (x, f) =>
        weightedSum(
          tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides as [number, number], pad),
          5
        )
      const inputs = [seeded([...c.x], 1), seeded([...c.filter], 2)]
      expect(await wasmVersusCpu(loss, inputs)).toBeLessThan(TOLERANCE)
    }
  )

  it.each([2, 1])(
    'matches cpu filter gradients when a large batch is split into chunks of examples (stride %i)',
    async (stride) => {
      const loss: Loss = (x, f) =>
        weightedSum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, 'same'), 5)
      const inputs = [seeded([5, 9, 7, 2], 1), seeded([3, 3, 2, 4], 2)]
      const cpu = await gradientsOn('cpu', loss, inputs)
      await resolveBackend('wasm')
      const installed = tf.getKernel('Conv2DBackpropFilter', 'wasm')
      if (installed == null) throw new Error('wasm training kernels are not installed')
      // One example's patches are 3·3·2 rows × 5·4 positions = 360 floats at stride 2: chunks of
      // 2 examples (9·7 positions at stride 1: chunks of 1).
      const chunked = makeConv2dFilterGrad(2 * 360 + 10)
      tf.unregisterKernel('Conv2DBackpropFilter', 'wasm')
      tf.registerKernel({ ...installed, kernelFunc: chunked })
      try {
        const wasm = tf.tidy(() => {
          const xs = inputs.map((x) => tf.tensor(x.values, x.shape))
          return tf
            .grads(loss)(xs)
            .map((g) => g.dataSync() as Float32Array)
        })
        cpu.forEach((c, k) => c.forEach((v, i) => expect(wasm[k]![i]).toBeCloseTo(v, 4)))
      } finally {
        tf.unregisterKernel('Conv2DBackpropFilter', 'wasm')
        tf.registerKernel(installed)
      }
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
    expect(await wasmVersusCpu(loss, inputs)).toBeLessThan(TOLERANCE)
  })

  it.each([
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: 0 },
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: -2 },
    { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same', shift: -0.5 },
    { x: [3, 5, 8, 1], size: 2, strides: 1, pad: 'valid', shift: -1 }
  ] as const)(
    'matches cpu max-pool gradients for x $x, size $size, strides $strides, pad $pad, values shifted by $shift',
    async (c) => {
      // A shift of -2 makes every window negative: the stock wasm kernel dropped those gradients.
      const loss: Loss = (x) =>
        weightedSum(tf.maxPool(tf.add(x, c.shift) as tf.Tensor4D, c.size, c.strides, c.pad), 7)
      expect(await wasmVersusCpu(loss, [seeded([...c.x], 3)])).toBeLessThan(TOLERANCE)
    }
  )

  it.each([
    { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same' },
    { x: [3, 5, 8, 1], size: 2, strides: 1, pad: 'same' }
  ] as const)(
    'matches cpu avg-pool gradients (stock kernel) for x $x, size $size, strides $strides, pad $pad',
    async (c) => {
      const loss: Loss = (x) =>
        weightedSum(tf.avgPool(x as tf.Tensor4D, c.size, c.strides, c.pad), 7)
      expect(await wasmVersusCpu(loss, [seeded([...c.x], 3)])).toBeLessThan(TOLERANCE)
    }
  )

  it.each(
    (['sum', 'mean'] as const).flatMap((op) => [
      { op, shape: [4, 3, 5, 6], axes: [0, 1, 2], keepDims: false },
      { op, shape: [4, 3, 5, 6], axes: [1, 0], keepDims: true },
      { op, shape: [7, 9], axes: [0], keepDims: false },
      { op, shape: [4, 3, 5], axes: [2], keepDims: false },
      { op, shape: [4, 3, 5], axes: [0, 2], keepDims: false }
    ])
  )(
    'matches cpu $op (and its gradient) of $shape over axes $axes, keepDims $keepDims',
    async (c) => {
      const reduce = (x: tf.Tensor) => (c.op === 'sum' ? tf.sum : tf.mean)(x, c.axes, c.keepDims)
      // The 1 + x² keeps the gradient nontrivial: d/dx = 2x · upstream.
      const loss: Loss = (x) => weightedSum(reduce(tf.add(1, tf.square(x))), 2)
      expect(await wasmVersusCpu(loss, [seeded(c.shape, 5)])).toBeLessThan(TOLERANCE)
      const values = async (backend: 'cpu' | 'wasm') => {
        await resolveBackend(backend)
        return tf.tidy(() => {
          const x = seeded(c.shape, 6)
          const y = reduce(tf.tensor(x.values, x.shape))
          return { shape: y.shape, values: Array.from(y.dataSync()) }
        })
      }
      const [cpu, wasm] = [await values('cpu'), await values('wasm')]
      expect(wasm.shape).toEqual(cpu.shape)
      wasm.values.forEach((v, i) => expect(v).toBeCloseTo(cpu.values[i]!, 5))
    }
  )

  it('leaves the cpu backend on its own kernels', async () => {
    await resolveBackend('wasm')
    const cpuAfter = REPLACED.map((name) => tf.getKernel(name, 'cpu')?.kernelFunc)
    expect(cpuAfter).toEqual(CPU_BEFORE)
    expect(CPU_BEFORE.every((f) => typeof f === 'function')).toBe(true)
  })
})
