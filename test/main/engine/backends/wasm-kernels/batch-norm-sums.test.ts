import { describe, expect, it } from 'vitest'
import {
  channelSums,
  gradientCoefficients
} from '../../../../../main/engine/backends/wasm-kernels/batch-norm-sums'

// Three rows of two channels: channel 0 holds 1, 2, 3 and channel 1 holds 10, 20, 30.
const v = Float32Array.from([1, 10, 2, 20, 3, 30])

describe('per-channel sums', () => {
  it('sums d and d² per channel with d = v − centre when no weights are given', () => {
    const sums = channelSums(v, [2, 20])
    // d is −1, 0, 1 in channel 0 and −10, 0, 10 in channel 1.
    expect(Array.from(sums.a)).toEqual([0, 0])
    expect(Array.from(sums.b)).toEqual([2, 200])
  })

  it('sums u and u·d per channel when weights u are given', () => {
    const u = Float32Array.from([1, 1, 2, 2, 3, -1])
    const sums = channelSums(v, [0, 10], u)
    expect(Array.from(sums.a)).toEqual([1 + 2 + 3, 1 + 2 - 1])
    expect(Array.from(sums.b)).toEqual([1 * 1 + 2 * 2 + 3 * 3, 0 + 2 * 10 - 20])
  })

  it('adds to what the sums hold, from the row that starts at `from`', () => {
    const sums = { a: Float64Array.from([100, 100]), b: Float64Array.from([0, 0]) }
    expect(channelSums(v, [0, 0], undefined, 4, sums)).toBe(sums)
    expect(Array.from(sums.a)).toEqual([103, 130])
    expect(Array.from(sums.b)).toEqual([9, 900])
  })
})

describe("the backward pass's coefficients", () => {
  it('gives dbeta = Σdy, dgamma = Σdy·x̂ and dx = a·dy + b·(x − mean) + k', () => {
    // σ = √(3 + 1) = 2 and gamma = 4, so a = gamma/σ = 2; four rows.
    const sums = { a: Float64Array.from([6]), b: Float64Array.from([8]) }
    const out = { dgamma: new Float32Array(1), dbeta: new Float32Array(1) }
    const { a, b, k } = gradientCoefficients(
      sums,
      Float32Array.of(3),
      Float32Array.of(4),
      1,
      4,
      out
    )
    expect(out.dbeta[0]).toBe(6)
    expect(out.dgamma[0]).toBe(8 / 2)
    expect(a[0]).toBe(2)
    expect(b[0]).toBe(-(2 / 2) * (4 / 4))
    expect(k[0]).toBe(-2 * (6 / 4))
  })
})
