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
import { GRADIENT_CASES } from './gradient-cases'

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

  for (const c of GRADIENT_CASES) {
    it(`matches cpu ${c.name}`, async () => {
      expect(await wasmVersusCpu(c.loss, c.inputs())).toBeLessThan(TOLERANCE)
    })
  }

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
