import { describe, expect, it } from 'vitest'
import { perUnitMoments } from '../../../main/stats/per-unit'

describe('perUnitMoments', () => {
  it('gives each column its own mean and population variance', () => {
    // unit 0: 1, 3, 5 → mean 3, variance 8/3; unit 1: 10, 10, 10 → mean 10, variance 0
    const m = perUnitMoments(Float32Array.of(1, 10, 3, 10, 5, 10), 2)
    expect(Array.from(m.mean)).toEqual([3, 10])
    expect(m.variance[0]).toBeCloseTo(8 / 3, 14)
    expect(m.variance[1]).toBe(0)
  })

  it('keeps a large per-unit offset from spoiling the variance', () => {
    const rows = 500
    const values = new Float32Array(rows * 2)
    for (let r = 0; r < rows; r++) values.set([r / 4, 2 ** 20 + r / 4], r * 2)
    const m = perUnitMoments(values, 2)
    const expected = (rows * rows - 1) / 12 / 16
    expect(m.variance[0]).toBeCloseTo(expected, 9)
    expect(m.variance[1]).toBeCloseTo(expected, 9)
  })

  it('skips NaN/±Infinity per unit and gives NaN to a unit with no finite value', () => {
    const m = perUnitMoments(Float32Array.of(NaN, 1, Infinity, 3, NaN, 5), 2)
    expect(m.mean[0]).toBeNaN()
    expect(m.variance[0]).toBeNaN()
    expect(m.mean[1]).toBe(3)
    expect(m.variance[1]).toBeCloseTo(8 / 3, 14)
  })

  it('gives NaN for every unit when there are no rows', () => {
    const m = perUnitMoments(new Float32Array(0), 3)
    expect(Array.from(m.mean)).toEqual([NaN, NaN, NaN])
  })

  it('rejects a unit count that does not divide the values', () => {
    expect(() => perUnitMoments(new Float32Array(5), 2)).toThrow(/per-unit moments/)
  })
})
