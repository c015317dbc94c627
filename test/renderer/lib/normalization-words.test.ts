import { describe, expect, it } from 'vitest'
import {
  modeWords,
  normalizationWords,
  statsWords
} from '../../../renderer/src/lib/normalization-words'

describe('input normalization in words', () => {
  it('says what each mode does to the pixels', () => {
    expect(modeWords('standardize')).toMatch(/mean.*standard deviation.*training split.*cached/)
    expect(modeWords('none')).toMatch(/byte \/ 255.*never centred/)
    expect(modeWords('per-pixel')).toMatch(/each pixel.*own mean.*training split.*mean image/i)
  })

  it('sums a per-pixel normalization up by the range and average of its mean and std images', () => {
    const n = {
      mode: 'per-pixel' as const,
      mean: [0.1, 0.2, 0.6, 0.5],
      std: [0.05, 0.3, 0.1, 0.15]
    }
    expect(statsWords(n)).toBe(
      'mean image 0.100 to 0.600, average 0.350; std 0.050 to 0.300, average 0.150 (4 values each)'
    )
    expect(normalizationWords(n)).toMatch(
      /^standardized per pixel with the training split's mean image 0\.100/
    )
  })

  it('gives one mean and std for grey data and one per channel for colour', () => {
    expect(statsWords({ mean: [0.2861], std: [0.353] })).toBe('mean 0.286, std 0.353')
    expect(statsWords({ mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.15] })).toBe(
      'mean 0.500 / 0.400 / 0.300 (R / G / B), std 0.250 / 0.200 / 0.150 (R / G / B)'
    )
  })

  it("describes a run's recorded normalization, and runs that recorded none", () => {
    expect(normalizationWords({ mode: 'standardize', mean: [0.286], std: [0.353] })).toBe(
      "standardized per channel with the training split's mean 0.286, std 0.353"
    )
    expect(normalizationWords({ mode: 'none', mean: [0], std: [1] })).toBe(
      'none (pixels as byte / 255, in [0, 1])'
    )
    expect(normalizationWords(undefined)).toMatch(/not recorded.*byte \/ 255/)
  })
})
