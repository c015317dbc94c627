import { describe, expect, it } from 'vitest'
import { erf, erfc, normalCdf } from '../../../../main/contract/stats/erf'

describe('erf', () => {
  it('matches published values to the approximation’s 1.2e-7 fractional error', () => {
    // Abramowitz & Stegun, table 7.1 (and erfc(3), erfc(5) from the same series).
    const table: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527]
    ]
    for (const [x, value] of table) {
      expect(Math.abs(erf(x) - value) / value).toBeLessThan(1.2e-7)
      expect(Math.abs(erf(-x) + value) / value).toBeLessThan(1.2e-7)
    }
    expect(Math.abs(erfc(3) / 2.209049699858544e-5 - 1)).toBeLessThan(1.2e-7)
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1.2e-7)
  })

  it('gives Φ(0) = ½ and the two-sided 95% point Φ(1.959964) = 0.975', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7)
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 7)
  })
})
