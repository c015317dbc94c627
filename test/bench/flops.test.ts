import { describe, expect, it } from 'vitest'
import { trainingFlopsPerSample } from '../../bench/flops'
import { CLASSES, INPUT_SHAPE, NET_LAYERS } from '../../bench/nets'

describe('trainingFlopsPerSample', () => {
  it('counts the bench CNN by hand: 3 × forward multiply-adds less the first layer input gradient', () => {
    // conv 3×3×1→32 on 28×28, conv 3×3×32→64 on 14×14, dense 3136→128, dense 128→10.
    const forward = [28 * 28 * 32 * 9, 14 * 14 * 64 * 9 * 32, 7 * 7 * 64 * 128, 128 * 10]
    const total = forward.reduce((a, b) => a + b, 0)
    expect(trainingFlopsPerSample(NET_LAYERS.cnn, INPUT_SHAPE, CLASSES)).toBe(
      2 * (3 * total - forward[0]!)
    )
    expect(trainingFlopsPerSample(NET_LAYERS.cnn, INPUT_SHAPE, CLASSES) / 1e6).toBeCloseTo(25.0, 1)
  })

  it('follows strides and valid padding', () => {
    const flops = trainingFlopsPerSample(
      [
        { type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 'valid' } as never,
        { type: 'flatten' }
      ],
      [9, 9, 1],
      1
    )
    // conv output 4×4×2: 16·2·9 MACs; output dense 32→1.
    expect(flops).toBe(2 * (3 * (16 * 2 * 9 + 32) - 16 * 2 * 9))
  })
})
