/**
 * MaxPoolGrad for the wasm backend. The stock 4.22 kernel starts each window's running maximum
 * at FLT_MIN (the smallest *positive* float) instead of −∞, so a window whose values are all
 * ≤ 0 selects no position and its gradient is lost. After tanh, ELU, leaky ReLU or a linear
 * unit that is half the windows, and a CNN silently trains on a fraction of its gradient. This
 * kernel routes dY to the first maximum of each window, exactly as the cpu backend does: 2×2
 * stride-2 pools in a SIMD loop (max-pool-grad-simd.ts), any other pool in JavaScript.
 */
import * as tf from '@tensorflow/tfjs'
import { heapFloatsEach, input } from './kernel-calls'
import { maxPoolGrad2x2, tiles2x2 } from './max-pool-grad-simd'
import { asWasmBackend, wasmBackendMemory } from '../tfjs-internals'

type PoolInfo = tf.backend_util.Conv2DInfo

/**
 * Adds dy[n, oh, ow, c] to dx at the first maximum of x in that output's window (rows, then
 * columns; NaN never wins). x and dx are NHWC [n, h, w, c]; dy is [n, outH, outW, c]. Per
 * window, channels are the inner loop and the running maximum lives in locals, so the reads of
 * one window position walk consecutive floats. Mutates `dx` (zero it first).
 */
export function routeToMaxima(
  x: Float32Array,
  dy: Float32Array,
  info: PoolInfo,
  dx: Float32Array
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info
  const { top, left } = info.padInfo
  const rowPitch = inWidth * channels
  let out = 0
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight * rowPitch
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - top)
      const h1 = Math.min(inHeight, oh * strideHeight - top + effectiveFilterHeight)
      for (let ow = 0; ow < outWidth; ow++, out += channels) {
        const w0 = Math.max(0, ow * strideWidth - left)
        const w1 = Math.min(inWidth, ow * strideWidth - left + effectiveFilterWidth)
        const first = image + h0 * rowPitch + w0 * channels
        if (h1 - h0 === 2 && w1 - w0 === 2) route2x2(x, dy, dx, out, channels, rowPitch, first)
        else
          routeWindow(x, dy, dx, out, { channels, rowPitch, first, rows: h1 - h0, cols: w1 - w0 })
      }
    }
  }
}

/** A pooling window: `rows` × `cols` positions from flat offset `first` of an NHWC image. */
interface Window {
  channels: number
  /** Floats between vertically adjacent positions (inWidth · channels). */
  rowPitch: number
  first: number
  rows: number
  cols: number
}

/**
 * One pooling window: for each channel c, adds dy[out + c] to dx at the first maximum of x over
 * `rows` × `cols` positions starting at flat offset `first`. Mutates `dx`.
 */
function routeWindow(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  out: number,
  window: Window
): void {
  const { channels, rowPitch, first, rows, cols } = window
  for (let c = 0; c < channels; c++) {
    let best = -Infinity
    let at = -1
    for (let r = 0, row = first + c; r < rows; r++, row += rowPitch) {
      for (let k = 0, i = row; k < cols; k++, i += channels) {
        const v = x[i]
        if (v! > best) {
          best = v!
          at = i
        }
      }
    }
    if (at >= 0) dx[at]! += dy[out + c]!
  }
}

/**
 * routeWindow for a whole 2×2 window (the common pool), unrolled: the four positions are read
 * in the same order with the same strict comparisons, so the same position wins. Mutates `dx`.
 */
function route2x2(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  out: number,
  channels: number,
  rowPitch: number,
  first: number
): void {
  for (let c = 0; c < channels; c++) {
    const i00 = first + c
    const [i01, i10] = [i00 + channels, i00 + rowPitch]
    const i11 = i10 + channels
    let best = -Infinity
    let at = -1
    if (x[i00]! > best) {
      best = x[i00]!
      at = i00
    }
    if (x[i01]! > best) {
      best = x[i01]!
      at = i01
    }
    if (x[i10]! > best) {
      best = x[i10]!
      at = i10
    }
    if (x[i11]! > best) at = i11
    if (at >= 0) dx[at]! += dy[out + c]!
  }
}

/** Kernel: inputs {dy, input, output}, attrs MaxPoolGradAttrs; returns dX shaped like input. */
export const maxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const [dy, x] = [input(inputs, 'dy'), input(inputs, 'input')]
  const a = attrs as unknown as tf.MaxPoolGradAttrs
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode
  )
  const wasm = asWasmBackend(backend)
  const dx = wasm.makeOutput([...x.shape], 'float32')
  const [xs, dys, dxs] = heapFloatsEach(wasm, [x, dy, dx])
  const memory = tiles2x2(info) ? wasmBackendMemory(wasm) : null
  const at = { x: xs.byteOffset, dy: dys.byteOffset, dx: dxs.byteOffset }
  if (memory != null && maxPoolGrad2x2(memory, at, info)) return dx
  dxs.fill(0)
  routeToMaxima(xs, dys, info, dxs)
  return dx
}
