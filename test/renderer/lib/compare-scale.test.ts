import { describe, expect, it } from 'vitest'
import { clipAbove, sharedLossAxis } from '../../../renderer/src/lib/compare-scale'

describe('shared loss axis of Compare', () => {
  it('spans both runs when their losses are within three decades of each other', () => {
    expect(
      sharedLossAxis([
        [2.3, 1.1, 0.4],
        [2.2, 0.9, 0.05]
      ])
    ).toEqual({
      domain: [0.05, 2.3],
      clipped: false
    })
  })

  it('stops a decade above the healthier run when a diverged run reaches 1e15', () => {
    const healthy = [2.3, 1.2, 0.3]
    const diverged = [2.4, 40, 3e9, 1e15, Number.POSITIVE_INFINITY, Number.NaN]
    const axis = sharedLossAxis([healthy, diverged])
    expect(axis.clipped).toBe(true)
    expect(axis.domain?.[0]).toBe(0.3)
    expect(axis.domain?.[1]).toBeCloseTo(23)
    // The healthy run (0.3–2.3) now spans 0.9 of the axis's 1.9 decades, not 0.9 of 15.5.
    expect(sharedLossAxis([diverged, healthy])).toEqual(axis)
  })

  it('ignores non-positive and non-finite values, and has no domain without data', () => {
    expect(sharedLossAxis([[Number.NaN, 0, -1]])).toEqual({ domain: undefined, clipped: false })
    expect(sharedLossAxis([[0.5, 0, Number.NaN, 2]])).toEqual({ domain: [0.5, 2], clipped: false })
  })

  it('draws values above the ceiling on it and names the largest in the note', () => {
    const series = [
      { label: 'train', color: '#fff', x: [0, 1, 2, 3], y: [2, 1e15, Number.NaN, 50] }
    ]
    const { series: out, note } = clipAbove(series, 23)
    expect(out[0]!.y).toEqual([2, 23, Number.NaN, 23])
    expect(series[0]!.y[1]).toBe(1e15)
    expect(note).toBe('loss above 23 (up to 1e15) is drawn on the top edge')
    expect(clipAbove(series, 1e16).note).toBe('')
  })
})
