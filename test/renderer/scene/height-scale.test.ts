import { describe, expect, it } from 'vitest'
import {
  compact,
  heightOf,
  heightScale,
  heightTicks
} from '../../../renderer/src/scene/height-scale'

describe('height scale', () => {
  it('on a shared linear scale draws an exploding layer 2,500 times taller than a healthy one', () => {
    const shared = heightScale('linear', 0, 10_000)
    expect(heightOf(shared, 10_000, 2)).toBeCloseTo(2)
    expect(heightOf(shared, 4, 2)).toBeCloseTo(2 * (4 / 10_000))
  })

  it('on a shared symlog scale keeps the healthy layer visible: log(1+4)/log(1+10,000) of full height', () => {
    const shared = heightScale('symlog', 0, 10_000)
    expect(heightOf(shared, 4, 1)).toBeCloseTo(Math.log(5) / Math.log(10_001))
    expect(heightOf(shared, -4, 1)).toBeCloseTo(-Math.log(5) / Math.log(10_001))
  })

  it('clamps values outside the range and draws non-finite values at 0', () => {
    const s = heightScale('linear', -1, 1)
    expect(heightOf(s, 5, 2)).toBe(2)
    expect(heightOf(s, Number.NaN, 2)).toBe(0)
  })

  it('always covers 0 and falls back to [0, 1] for an all-zero layer', () => {
    expect(heightScale('linear', 0.5, 3)).toEqual({ kind: 'linear', lo: 0, hi: 3 })
    expect(heightScale('linear', 0, 0)).toEqual({ kind: 'linear', lo: 0, hi: 1 })
  })

  it('labels a linear axis with 1-2-5 ticks and a symlog axis past 10 with powers of ten', () => {
    expect(heightTicks(heightScale('linear', 0, 1.3)).map((t) => t.label)).toEqual([
      '0.0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1.0',
      '1.2'
    ])
    expect(heightTicks(heightScale('symlog', -20, 12_000)).map((t) => t.value)).toEqual([
      -10, -1, 0, 1, 10, 100, 1000, 10_000
    ])
    expect(compact(10_000)).toBe('10k')
    expect(compact(-1e8)).toBe('−1e8')
  })
})
