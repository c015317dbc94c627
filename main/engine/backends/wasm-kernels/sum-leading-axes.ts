/**
 * Sum and Mean over leading axes for the wasm backend: the bias gradient of every conv layer is
 * sum(dY, [0, 1, 2]) and batch norm's moments are means over [0, 1, 2]. The stock wasm kernels
 * first transpose the reduced axes to the end (a full copy) and then reduce rows: 8 ms for a
 * 64×28×28×32 gradient. Summing columns of the row-major [rows × cols] view in one sequential
 * pass takes under half of that. Any other reduction goes to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs'
import { heapFloats, input } from './kernel-calls'
import { asWasmBackend } from '../tfjs-internals'

/**
 * Column sums of row-major `x` [rows × cols] into `out` [cols], accumulated in float64 like the
 * cpu backend's JavaScript numbers. Mutates `out` only.
 */
export function sumColumns(
  x: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  scale = 1
): void {
  const acc = new Float64Array(cols)
  // Four rows per pass: a quarter of the accumulator loads and stores.
  const whole = rows - (rows % 4)
  for (let r = 0; r < whole; r += 4) {
    const b0 = r * cols
    const [b1, b2, b3] = [b0 + cols, b0 + 2 * cols, b0 + 3 * cols]
    for (let c = 0; c < cols; c++) acc[c]! += x[b0 + c]! + x[b1 + c]! + x[b2 + c]! + x[b3 + c]!
  }
  for (let r = whole; r < rows; r++) {
    const base = r * cols
    for (let c = 0; c < cols; c++) acc[c]! += x[base + c]!
  }
  for (let c = 0; c < cols; c++) out[c] = acc[c]! * scale
}

/** How many leading axes `axes` names (0..k−1 in any order), or 0 when it is not such a block. */
function leadingBlock(axes: number[], rank: number): number {
  const sorted = [...axes].sort((a, b) => a - b)
  const leading = sorted.every((a, i) => a === i)
  return leading && sorted.length < rank ? sorted.length : 0
}

/** Wraps the stock Sum (or Mean) kernel; handles float32 reductions over leading axes itself. */
export function fastLeadingReduce(stock: tf.KernelFunc, kind: 'sum' | 'mean'): tf.KernelFunc {
  return (args) => {
    const x = input(args.inputs, 'x')
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs | tf.MeanAttrs
    const axes = tf.util.parseAxisParam(axis, x.shape)
    const k = leadingBlock(axes, x.shape.length)
    if (k === 0 || x.dtype !== 'float32') return stock(args)
    const rows = tf.util.sizeFromShape(x.shape.slice(0, k))
    const cols = tf.util.sizeFromShape(x.shape.slice(k))
    const shape = keepDims
      ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)]
      : x.shape.slice(k)
    const wasm = asWasmBackend(args.backend)
    const out = wasm.makeOutput(shape, 'float32')
    sumColumns(
      heapFloats(wasm, x),
      rows,
      cols,
      heapFloats(wasm, out),
      kind === 'mean' ? 1 / rows : 1
    )
    return out
  }
}
