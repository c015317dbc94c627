import { describe, expect, it } from 'vitest'
import {
  alignSeries,
  emaSmooth,
  readoutAt,
  withSmoothing
} from '../../../renderer/src/lib/chart-data'
import type { Series } from '../../../renderer/src/lib/layer-series'

const train: Series = {
  label: 'train',
  color: '#4c8df6',
  x: [0, 1, 2, 3],
  y: [4, 2, Number.NaN, 1]
}
const val: Series = { label: 'validation', color: '#d35fd6', x: [1, 3], y: [3, 0.5] }

describe('alignSeries', () => {
  it('merges series onto one x axis: gaps (null) for non-finite values, undefined where no sample', () => {
    const d = alignSeries([train, val], false)
    expect(d.xs).toEqual([0, 1, 2, 3])
    expect(d.ys[0]).toEqual([4, 2, null, 1])
    expect(d.ys[1]).toEqual([undefined, 3, undefined, 0.5])
  })

  it('turns values that a log axis cannot show into gaps', () => {
    const d = alignSeries([{ ...train, y: [1, 0, -2, 3] }], true)
    expect(d.ys[0]).toEqual([1, null, null, 3])
  })
})

describe('readoutAt', () => {
  it('reads each series at its nearest sample', () => {
    const d = alignSeries([train, val], false)
    expect(readoutAt([train, val], d, 0)).toEqual([
      { label: 'train', color: '#4c8df6', x: 0, y: 4 },
      { label: 'validation', color: '#d35fd6', x: 1, y: 3 }
    ])
    expect(readoutAt([train, val], d, 2)[0]).toMatchObject({ x: 2, y: null })
  })

  it('keeps the largest values when there are too many series, and skips faint copies', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...val, label: `l${i}`, y: [i, i] }))
    const faint = { ...val, label: 'raw', faint: true, y: [99, 99] }
    const rows = readoutAt([...many, faint], alignSeries([...many, faint], false), 0, 3)
    expect(rows.map((r) => r.label)).toEqual(['l9', 'l8', 'l7'])
  })
})

describe('loss smoothing', () => {
  it('is an exponential moving average with the weight on the past', () => {
    expect(emaSmooth([1, 3, 3], 0.5)).toEqual([1, 2, 2.5])
    expect(emaSmooth([1, 3, 3], 0)).toEqual([1, 3, 3])
  })

  it('lets a non-finite value through and restarts after it, so a divergence stays visible', () => {
    expect(emaSmooth([1, Number.NaN, 5], 0.9)).toEqual([1, Number.NaN, 5])
  })

  it('smooths only smoothable series and keeps their raw values as a faint copy', () => {
    const shown = withSmoothing([{ ...train, smoothable: true }, val], 0.5)
    expect(shown.map((s) => [s.label, s.faint ?? false])).toEqual([
      ['train (raw)', true],
      ['train', false],
      ['validation', false]
    ])
    expect(shown[1]!.y[1]).toBe(3)
    expect(withSmoothing([{ ...train, smoothable: true }], 0)).toHaveLength(1)
  })
})
