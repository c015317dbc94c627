import { describe, expect, it } from 'vitest'
import { weightStats } from '../../../main/stats/weights'
import { draws, normal } from './seeded-random'

/** Row-major [fanIn × units] kernel whose every column is `column`. */
function identicalColumns(column: Float32Array, units: number): Float32Array {
  const kernel = new Float32Array(column.length * units)
  column.forEach((w, i) => kernel.fill(w, i * units, (i + 1) * units))
  return kernel
}

describe('weightStats', () => {
  it('keeps weight spread at exactly 0 when every weight starts at 0', () => {
    const s = weightStats(new Float32Array(784 * 128), 128)
    expect(s.spread).toBe(0)
    expect([s.mean, s.variance, s.norm]).toEqual([0, 0, 0])
  })

  it('gives spread exactly 0.0 for identical random columns, whatever the unit count', () => {
    const column = draws(300, normal(5))
    for (const units of [2, 3, 7, 10, 129]) {
      expect(weightStats(identicalColumns(column, units), units).spread).toBe(0)
    }
  })

  it('gives spread |δ|·√(U-1)/U when one weight of a zero kernel moves by δ', () => {
    // Column 0 sits δ(1 - 1/U) from the mean column, the other U-1 columns δ/U: the squared
    // distances add to δ²(U-1)/U, their mean over U units is δ²(U-1)/U².
    const units = 5
    const kernel = new Float32Array(20 * units)
    const delta = Math.fround(1e-3)
    kernel[7 * units] = delta
    expect(weightStats(kernel, units).spread).toBeCloseTo(
      (delta * Math.sqrt(units - 1)) / units,
      12
    )
  })

  it('matches hand-computed moments, norm and spread of [[1, 2], [3, 4]]', () => {
    // columns (1, 3) and (2, 4); mean column (1.5, 3.5); each column is √0.5 away from it
    const s = weightStats(Float32Array.of(1, 2, 3, 4), 2)
    expect(s.mean).toBe(2.5)
    expect(s.variance).toBe(1.25)
    expect(s.norm).toBeCloseTo(Math.sqrt(30), 14)
    expect(s.spread).toBeCloseTo(Math.sqrt(0.5), 14)
  })

  it('measures spread ≈ σ·√fanIn for independent N(0, σ²) weights', () => {
    // E‖w_u - w̄‖² = fanIn·σ²·(1 - 1/U)
    const [fanIn, units, sigma] = [400, 200, 0.05]
    const draw = normal(21)
    const s = weightStats(
      draws(fanIn * units, () => sigma * draw()),
      units
    )
    expect(s.spread / (sigma * Math.sqrt(fanIn * (1 - 1 / units)))).toBeCloseTo(1, 2)
    expect(s.variance / sigma ** 2).toBeCloseTo(1, 1)
  })

  it('keeps mean and variance to the finite weights but lets a NaN weight show in norm and spread', () => {
    const s = weightStats(Float32Array.of(1, NaN, 3, 5), 2)
    expect(s.mean).toBe(3)
    expect(s.variance).toBeCloseTo(8 / 3, 14)
    expect(s.norm).toBeNaN()
    expect(s.spread).toBeNaN()
  })

  it('rejects a unit count that does not divide the kernel, saying what to pass', () => {
    expect(() => weightStats(new Float32Array(10), 3)).toThrow(/unit \(or channel\) count/)
  })

  it('does not change the kernel', () => {
    const kernel = Float32Array.of(1, -2, 3, NaN)
    const copy = kernel.slice()
    weightStats(kernel, 2)
    expect(kernel).toEqual(copy)
  })
})
