/**
 * Floating-point work of one training sample of a bench net: the multiply-adds of its
 * convolutions and dense layers (2 FLOPs each) in the forward pass, the weight gradients and the
 * input gradients (none for the first layer, whose input is the data). Activations, pooling,
 * the loss and Adam are left out: a few percent of the work. Pure.
 */
import type { LayerSpec } from '../main/contract/config/schema'

/** Output length of a window of `k` at `stride` sliding over `n` ('same' or 'valid' padding). */
function outSize(n: number, k: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - k) / stride) + 1
}

/** FLOPs of forward + backward for one sample through `layers` and a dense `classes` output. */
export function trainingFlopsPerSample(
  layers: readonly LayerSpec[],
  inputShape: readonly [number, number, number],
  classes: number
): number {
  let [h, w, c] = inputShape
  const macs: number[] = [] // forward multiply-adds of each weighted layer, in order
  for (const layer of layers) {
    switch (layer.type) {
      case 'conv2d': {
        const k = layer.kernelSize
        const outH = outSize(h, k, layer.strides, layer.padding)
        const outW = outSize(w, k, layer.strides, layer.padding)
        macs.push(outH * outW * layer.filters * k * k * c)
        ;[h, w, c] = [outH, outW, layer.filters]
        break
      }
      case 'maxPool':
      case 'avgPool': {
        const k = layer.poolSize
        ;[h, w] = [
          outSize(h, k, layer.strides ?? k, layer.padding),
          outSize(w, k, layer.strides ?? k, layer.padding)
        ]
        break
      }
      case 'flatten':
        ;[h, w, c] = [1, 1, h * w * c]
        break
      case 'dense':
        macs.push(h * w * c * layer.units)
        ;[h, w, c] = [1, 1, layer.units]
        break
    }
  }
  macs.push(h * w * c * classes)
  const forward = macs.reduce((a, b) => a + b, 0)
  // Backward: weight gradients (as many multiply-adds as forward) and input gradients (as many
  // again, but the first layer's input is the data and needs none).
  return 2 * (3 * forward - macs[0]!) // macs has at least the output layer's
}
