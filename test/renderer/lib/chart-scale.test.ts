import { describe, expect, it } from 'vitest'
import {
  finiteExtent,
  formatTick,
  linearScale,
  logScale,
  niceTicks,
  padDomain
} from '../../../renderer/src/lib/chart-scale'

describe('chart scales', () => {
  it('ignores NaN and infinities when finding the extent of a diverging series', () => {
    expect(finiteExtent([1, Number.NaN, 3, Number.POSITIVE_INFINITY, -2])).toEqual([-2, 3])
    expect(finiteExtent([Number.NaN])).toBeNull()
    expect(finiteExtent([0, -1, 0.5, 4], true)).toEqual([0.5, 4])
  })

  it('maps the domain ends onto the pixel range, flipped for SVG y', () => {
    const y = linearScale([0, 10], [200, 0])
    expect(y(0)).toBe(200)
    expect(y(10)).toBe(0)
    expect(y(5)).toBe(100)
  })

  it('puts decades at equal spacing on a log scale', () => {
    const s = logScale([1e-4, 1], [0, 400])
    expect(s(1e-4)).toBeCloseTo(0)
    expect(s(1e-2)).toBeCloseTo(200)
    expect(s.ticks(4)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1])
  })

  it('chooses round ticks and widens a flat domain', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(padDomain([2, 2])).toEqual([1.8, 2.2])
    expect(formatTick(1500)).toBe('1.5k')
    expect(formatTick(0.0001)).toBe('1e-4')
  })
})

describe('log ticks inside one decade', () => {
  it('labels a gradient-norm axis from 0.2 to 0.6 with 2× and 5× marks', () => {
    expect(logScale([0.2, 0.6], [0, 100]).ticks(4)).toEqual([0.2, 0.5])
  })

  it('falls back to round linear ticks for a loss between 1.9 and 2.3', () => {
    expect(logScale([1.9, 2.3], [0, 100]).ticks(4)).toEqual([1.9, 2, 2.1, 2.2, 2.3])
  })
})
