import { describe, expect, it } from 'vitest'
import { runConfigSchema, type LayerSpec } from '../../../../main/contract/config/schema'
import {
  CONV_SHARE_FOR_THREADS,
  defaultWasmThreads,
  threadRuleInputs,
  threadsForNet
} from '../../../../main/engine/backends/thread-count'

/** A model on 28×28×1 input with `layers` (the output dense layer of 10 classes is implicit). */
function model(layers: unknown[]) {
  return runConfigSchema.parse({
    name: 'rule',
    model: { inputShape: [28, 28, 1], layers },
    training: { optimizer: { type: 'adam', learningRate: 0.001 }, batchSize: 64, epochs: 1 }
  }).model
}

const conv = (filters: number): Partial<LayerSpec> => ({
  type: 'conv2d',
  filters,
  kernelSize: 3,
  padding: 'same'
})

describe('the per-net thread rule', () => {
  it('trains a small MLP on one thread whatever the cores: it has no convolution work', () => {
    const mlp = model([
      { type: 'dense', units: 256 },
      { type: 'dense', units: 128 }
    ])
    // Forward multiply-adds by hand: 784·256 + 256·128 + 128·10.
    expect(threadRuleInputs(mlp)).toEqual({
      convMacs: 0,
      allMacs: 784 * 256 + 256 * 128 + 128 * 10,
      convShare: 0
    })
    for (const cores of [1, 2, 4, 16]) expect(threadsForNet(mlp, undefined, cores)).toBe(1)
  })

  it('gives a CNN one thread per core exactly when its convolutions do most of the work', () => {
    // Two 3×3 'same' convolutions with 2×2 pools, as the bench CNN: 28·28·9·1·32 and
    // 14·14·9·32·64 multiply-adds; then dense 7·7·64 → 128 and 128 → 10.
    const cnn = model([
      conv(32),
      { type: 'maxPool' },
      conv(64),
      { type: 'maxPool' },
      { type: 'dense', units: 128 }
    ])
    const convMacs = 28 * 28 * 9 * 32 + 14 * 14 * 9 * 32 * 64
    const allMacs = convMacs + 7 * 7 * 64 * 128 + 128 * 10
    const inputs = threadRuleInputs(cnn)
    expect(inputs.convMacs).toBe(convMacs)
    expect(inputs.allMacs).toBe(allMacs)
    const expected = convMacs / allMacs >= CONV_SHARE_FOR_THREADS ? defaultWasmThreads(2) : 1
    expect(threadsForNet(cnn, undefined, 2)).toBe(expected)
    // A thin convolution before a wide dense layer is mostly dense work: 28·28·9·4 against
    // 28·28·4·10 for the output layer.
    const thin = model([conv(4)])
    const share = (28 * 28 * 9 * 4) / (28 * 28 * 9 * 4 + 28 * 28 * 4 * 10)
    expect(threadRuleInputs(thin).convShare).toBeCloseTo(share, 12)
    expect(threadsForNet(thin, undefined, 2)).toBe(share >= CONV_SHARE_FOR_THREADS ? 2 : 1)
  })

  it('uses 28×28×1 when the config leaves the input shape to the data, and 1 for a model that cannot be planned', () => {
    const shaped = model([conv(32), { type: 'maxPool' }, { type: 'dense', units: 16 }])
    const unshaped = { ...shaped, inputShape: undefined }
    expect(threadRuleInputs(unshaped)).toEqual(threadRuleInputs(shaped))
    // A 5×5 'valid' convolution cannot slide over a 3×3 image.
    const tooSmall = model([{ ...conv(8), kernelSize: 5, padding: 'valid' }])
    expect(threadsForNet(tooSmall, [3, 3, 1], 4)).toBe(1)
  })
})
