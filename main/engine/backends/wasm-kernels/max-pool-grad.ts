/**
 * MaxPoolGrad for the wasm backend. The stock 4.22 kernel starts each window's running maximum
 * at FLT_MIN (the smallest *positive* float) instead of −∞, so a window whose values are all
 * ≤ 0 selects no position and its gradient is lost. After tanh, ELU, leaky ReLU or a linear
 * unit that is half the windows, and a CNN silently trains on a fraction of its gradient. This
 * kernel routes dY to the first maximum of each window, exactly as the cpu backend does.
 */
import * as tf from '@tensorflow/tfjs'
import { asWasmBackend, heapFloats, input } from './kernel-calls'

type PoolInfo = tf.backend_util.Conv2DInfo

/**
 * Adds dy[n, oh, ow, c] to dx at the first maximum of x in that output's window (rows, then
 * columns; NaN never wins). x and dx are NHWC [n, h, w, c]; dy is [n, outH, outW, c]. Walks
 * channels innermost so every read is sequential. Mutates `dx` (zero it first).
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
  const best = new Float32Array(channels)
  const at = new Int32Array(channels)
  let out = 0
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = Math.max(0, oh * strideHeight - top)
      const h1 = Math.min(inHeight, oh * strideHeight - top + effectiveFilterHeight)
      for (let ow = 0; ow < outWidth; ow++, out += channels) {
        const w0 = Math.max(0, ow * strideWidth - left)
        const w1 = Math.min(inWidth, ow * strideWidth - left + effectiveFilterWidth)
        best.fill(-Infinity)
        at.fill(-1)
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const base = ((n * inHeight + h) * inWidth + w) * channels
            for (let c = 0; c < channels; c++) {
              const v = x[base + c]
              if (v > best[c]) {
                best[c] = v
                at[c] = base + c
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) if (at[c] >= 0) dx[at[c]] += dy[out + c]
      }
    }
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
  const dxValues = heapFloats(wasm, dx)
  dxValues.fill(0)
  routeToMaxima(heapFloats(wasm, x), heapFloats(wasm, dy), info, dxValues)
  return dx
}
