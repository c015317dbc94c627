import { describe, expect, it } from 'vitest'
import {
  axisDomain,
  axisTicks,
  finiteExtent,
  formatTick,
  linearTicks,
  logTicks,
  padDomain
} from '../../../../main/contract/charts/axis-scale'

/** True when every tick is m × 10^k with m in {1, 2, 5} (or 0). */
const onLadder = (ticks: number[], steps: number[]) =>
  ticks.every((t, i) => {
    if (i === 0) return true
    const step = Number((t - ticks[i - 1]!).toPrecision(6))
    const m = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6))
    return steps.includes(m)
  })

describe('the shared chart scale', () => {
  it('ignores NaN and infinities when finding the extent of a diverging series', () => {
    expect(finiteExtent([1, Number.NaN, 3, Number.POSITIVE_INFINITY, -2])).toEqual([-2, 3])
    expect(finiteExtent([Number.NaN])).toBeNull()
    expect(finiteExtent([0, -1, 0.5, 4], true)).toEqual([0.5, 4])
  })

  it('finds the extent of 500,000 values without spreading them into Math.min', () => {
    const values = Array.from({ length: 500_000 }, (_, i) => Math.sin(i) * i)
    const [lo, hi] = finiteExtent(values)!
    expect(lo).toBeLessThan(-499_000)
    expect(hi).toBeGreaterThan(499_000)
  })

  it('puts linear ticks on the 1-2-5 ladder instead of values like 0.121 and 0.242', () => {
    const domain = axisDomain([0.121, 0.97])
    expect(domain).toEqual([0, 1])
    expect(linearTicks(domain, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(onLadder(linearTicks([0, 1520], 6), [1, 2, 5])).toBe(true)
    expect(linearTicks([0, 1520], 6)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400])
  })

  it('puts a tick on every decade of a log axis that spans several decades', () => {
    expect(logTicks([1e-4, 1], 5)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1])
    expect(logTicks([0.001, 5000], 5)).toEqual([0.001, 0.01, 0.1, 1, 10, 100, 1000])
  })

  it('thins decades on a very wide log axis to about the asked count', () => {
    const ticks = logTicks([1e-12, 1e6], 5)
    expect(ticks.length).toBeGreaterThanOrEqual(4)
    expect(ticks.length).toBeLessThanOrEqual(7)
    expect(ticks.every((t) => Number.isInteger(Math.round(Math.log10(t) * 1e9) / 1e9))).toBe(true)
  })

  it('adds the 2× and 5× marks when fewer than three decades are in view', () => {
    expect(logTicks([0.2, 5], 5)).toEqual([0.2, 0.5, 1, 2, 5])
    expect(logTicks([1.1, 1.9], 5)).toEqual([1.2, 1.4, 1.6, 1.8])
  })

  it('rounds a log domain outward to the 1-2-5 ladder, not to whole decades', () => {
    expect(axisDomain([0.3, 2], true)).toEqual([0.2, 2])
    expect(axisDomain([0.0012, 2300], true)).toEqual([0.001, 5000])
  })

  it('widens a flat or empty domain so a flat series still draws', () => {
    expect(padDomain([2, 2])).toEqual([1.8, 2.2])
    expect(padDomain(null, true)).toEqual([0.1, 10])
    expect(axisTicks(axisDomain(null), false).length).toBeGreaterThan(1)
  })

  it('labels ticks briefly', () => {
    expect([0, 25, 0.5, 1200, 0.003, 1e-6, 1e5].map(formatTick)).toEqual([
      '0',
      '25',
      '0.5',
      '1.2k',
      '0.003',
      '1e-6',
      '1e5'
    ])
  })
})
