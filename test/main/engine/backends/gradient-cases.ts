/**
 * The gradient cases the wasm and WebGPU training-kernel tests share (wasm-training.test.ts,
 * webgpu-training.test.ts): each op a Trainscape net takes gradients through, as a loss on
 * seeded inputs to compare with the cpu backend. The WebGPU tests (SwiftShader, slow) take the
 * cases marked `webgpu`. Not a test file.
 */
import * as tf from '@tensorflow/tfjs'
import { seeded, weightedSum, type Input, type Loss } from './cpu-reference'

export interface GradientCase {
  /** What is compared, as a test name's tail ("matMul gradients for …"). */
  name: string
  loss: Loss
  inputs: () => Input[]
  webgpu: boolean
}

const shape = (s: readonly number[]): string => `[${s.join(', ')}]`

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]]

const MATMULS = [
  { a: [5, 7], b: [7, 3], transposeA: false, transposeB: false, webgpu: true },
  { a: [7, 5], b: [7, 3], transposeA: true, transposeB: false, webgpu: false },
  { a: [5, 7], b: [3, 7], transposeA: false, transposeB: true, webgpu: false },
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true, webgpu: true },
  { a: [2, 4, 6], b: [2, 6, 3], transposeA: false, transposeB: false, webgpu: false },
  { a: [2, 6, 4], b: [2, 3, 6], transposeA: true, transposeB: true, webgpu: true }
]

const CONVS: { x: number[]; filter: number[]; strides: number | [number, number]; pad: Pad }[] = [
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
]
/** The WebGPU tests take the first four convolutions. */
const WEBGPU_CONVS = 4

// A shift of −2 makes every window negative: the stock wasm kernel dropped those gradients.
const MAX_POOLS = [
  { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: 0, webgpu: true },
  { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', shift: -2, webgpu: true },
  { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same', shift: -0.5, webgpu: true },
  { x: [3, 5, 8, 1], size: 2, strides: 1, pad: 'valid', shift: -1, webgpu: false }
] as const

// (On wasm these run on the stock avg-pool kernel; the check guards it all the same.)
const AVG_POOLS = [
  { x: [2, 6, 6, 3], size: 2, strides: 2, pad: 'valid', webgpu: true },
  { x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same', webgpu: true },
  { x: [3, 5, 8, 1], size: 2, strides: 1, pad: 'same', webgpu: false }
] as const

export const GRADIENT_CASES: GradientCase[] = [
  ...MATMULS.map((c) => ({
    name: `matMul gradients for ${shape(c.a)} × ${shape(c.b)} (transposeA ${c.transposeA}, transposeB ${c.transposeB})`,
    loss: ((a, b) => weightedSum(tf.matMul(a, b, c.transposeA, c.transposeB), 9)) as Loss,
    inputs: () => [seeded(c.a, 1), seeded(c.b, 2)],
    webgpu: c.webgpu
  })),
  {
    name: 'gradients of a fused matMul with bias and relu (the dense layer path)',
    loss: (a, b, bias) => weightedSum(tf.fused.matMul({ a, b, bias, activation: 'relu' }), 4),
    inputs: () => [seeded([6, 9], 1), seeded([9, 5], 2), seeded([5], 3)],
    webgpu: true
  },
  ...CONVS.map((c, k) => ({
    name: `conv2d input and filter gradients for x ${shape(c.x)}, filter ${shape(c.filter)}, strides ${JSON.stringify(c.strides)}, pad ${typeof c.pad === 'string' ? c.pad : JSON.stringify(c.pad)}`,
    loss: ((x, f) =>
      weightedSum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad), 5)) as Loss,
    inputs: () => [seeded(c.x, 1), seeded(c.filter, 2)],
    webgpu: k < WEBGPU_CONVS
  })),
  {
    name: 'gradients of a fused conv2d with bias (the conv layer path)',
    loss: (x, f, bias) =>
      weightedSum(
        tf.fused.conv2d({
          x: x as tf.Tensor4D,
          filter: f as tf.Tensor4D,
          strides: 1,
          pad: 'same',
          bias
        }),
        6
      ),
    inputs: () => [seeded([3, 6, 5, 2], 1), seeded([3, 3, 2, 4], 2), seeded([4], 3)],
    webgpu: true
  },
  ...MAX_POOLS.map((c) => ({
    name: `max-pool gradients for x ${shape(c.x)}, size ${c.size}, strides ${c.strides}, pad ${c.pad}, values shifted by ${c.shift}`,
    loss: ((x) =>
      weightedSum(
        tf.maxPool(tf.add(x, c.shift) as tf.Tensor4D, c.size, c.strides, c.pad),
        7
      )) as Loss,
    inputs: () => [seeded([...c.x], 3)],
    webgpu: c.webgpu
  })),
  ...AVG_POOLS.map((c) => ({
    name: `avg-pool gradients for x ${shape(c.x)}, size ${c.size}, strides ${c.strides}, pad ${c.pad}`,
    loss: ((x) => weightedSum(tf.avgPool(x as tf.Tensor4D, c.size, c.strides, c.pad), 7)) as Loss,
    inputs: () => [seeded([...c.x], 3)],
    webgpu: c.webgpu
  }))
]
