import { describe, expect, it } from 'vitest'
import { clippedCellsNote, ridgeOutsideNote } from '../../../renderer/src/lib/out-of-range-notes'
import { robustRange } from '../../../renderer/src/scene/run-axes'
import { layerProbe, probe } from './fixtures'

describe('out-of-range notes', () => {
  it('names the capped end, its percentile and the largest value of clipped cells', () => {
    const values = [...Array.from({ length: 995 }, (_, i) => (5 * (i + 1)) / 995), 250, 250]
    const range = robustRange(values)
    expect(clippedCellsNote(12, range)).toBe(
      `12 cells above ${Number(range.hi.toPrecision(3))} (largest 250), drawn at the axis's edge: ` +
        "the axis ends at the run's 99th percentile so a few outliers don't flatten the rest."
    )
    expect(clippedCellsNote(0, range)).toBeNull()
  })

  it('counts the probes whose pre-activations leave the histogram range, and the worst share', () => {
    const probes = [0, 10, 20].map((step) => probe(step, [layerProbe(0, [0, 0])]))
    expect(ridgeOutsideNote(probes, 0)).toBeNull()
    // fixtures' histograms span −1 … 1 and hold 9 values; add tails to two of them.
    probes[1]!.layers[0]!.pre.histogram.overflow = 1 // 1 of 10 above
    probes[2]!.layers[0]!.pre.histogram.underflow = 6 // 6 of 18 below, 3 of 18 above
    probes[2]!.layers[0]!.pre.histogram.overflow = 3
    expect(ridgeOutsideNote(probes, 0)).toBe(
      'At 2 of 3 probes some pre-activations fall outside the histogram range -1 … 1 and are ' +
        'not drawn: up to 50% at step 20 (33% below, 17% above).'
    )
  })
})
