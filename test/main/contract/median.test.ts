import { describe, expect, it } from 'vitest'
import { lowerMedian, median, medianOfKnown } from '../../../main/contract/median'

/** `n` integers in [0, 20) from a fixed linear congruential sequence (ties are likely). */
function draws(n: number, seed: number): number[] {
  let s = seed
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s % 20
  })
}
const below = (xs: number[], m: number) => xs.filter((x) => x < m).length
const above = (xs: number[], m: number) => xs.filter((x) => x > m).length

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the two middle ones of an even', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7])).toBe(7)
  })

  it('splits every sample in halves: at most half the values lie strictly below, at most half above', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const xs = draws(1 + (seed % 9), seed)
      const m = median(xs)
      expect(below(xs, m)).toBeLessThanOrEqual(xs.length / 2)
      expect(above(xs, m)).toBeLessThanOrEqual(xs.length / 2)
    }
  })

  it('skips values that are not finite, and is NaN when none is left', () => {
    expect(median([Number.NaN, 5, Number.POSITIVE_INFINITY, 1])).toBe(3)
    expect(median([])).toBeNaN()
    expect(median([Number.NaN])).toBeNaN()
  })

  it('does not reorder its argument', () => {
    const xs = [3, 1, 2]
    median(xs)
    lowerMedian(xs)
    expect(xs).toEqual([3, 1, 2])
  })
})

describe('lowerMedian', () => {
  it('is the smaller middle value of an even count, so always one of the values', () => {
    expect(lowerMedian([4, 1, 3, 2])).toBe(2)
    expect(lowerMedian([3, 1, 2])).toBe(2)
    for (let seed = 1; seed <= 40; seed++) {
      const xs = draws(1 + (seed % 9), seed)
      const m = lowerMedian(xs)
      expect(xs).toContain(m)
      expect(m).toBeLessThanOrEqual(median(xs))
      expect(below(xs, m)).toBeLessThan(xs.length / 2)
      expect(above(xs, m)).toBeLessThanOrEqual(xs.length / 2)
    }
  })

  it('is NaN for no values', () => {
    expect(lowerMedian([])).toBeNaN()
  })
})

describe('medianOfKnown', () => {
  it('takes the median of the known values, ignoring failed runs (null)', () => {
    expect(medianOfKnown([3, 1, 2])).toBe(2)
    expect(medianOfKnown([5, null, 1])).toBe(3)
  })

  it('is null, not NaN, when no value is known', () => {
    expect(medianOfKnown([null, null])).toBeNull()
    expect(medianOfKnown([])).toBeNull()
  })
})
