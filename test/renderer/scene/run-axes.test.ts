import { describe, expect, it } from 'vitest'
import { probeSteps } from '../../../main/engine/trainer/probe-schedule'
import { heightScale } from '../../../renderer/src/scene/height-scale'
import { createLandscapeBuffer, pushRow } from '../../../renderer/src/scene/landscape-buffer'
import { CELL_VERTICES, writeCells } from '../../../renderer/src/scene/landscape-cells'
import {
  CAP_QUANTILE,
  layoutSteps,
  quantileSorted,
  robustRange,
  runAxes
} from '../../../renderer/src/scene/run-axes'
import { layerProbe, probe } from '../lib/fixtures'

const LAYOUT = { width: 8, depth: 6, height: 2 }

/** 995 values evenly over (0, 5] and five outliers at 250: the "0–250, most below 5". */
function outlierLayer(): number[] {
  const values = Array.from({ length: 995 }, (_, i) => (5 * (i + 1)) / 995)
  return [...values, 250, 250, 250, 250, 250]
}

/** Writes `values` as one row of cells; returns the clipped count and each cell's top height. */
function drawRow(values: number[], lo: number, hi: number): { clipped: number; tops: number[] } {
  const buf = createLandscapeBuffer(values.length, 2)
  const all = values.map((_, i) => i)
  pushRow(buf, 0, values, new Array<number>(values.length).fill(0), all)
  const positions = new Float32Array(values.length * CELL_VERTICES * 3)
  const colors = new Float32Array(positions.length)
  const clipped = writeCells(buf, heightScale('linear', lo, hi), positions, colors, LAYOUT)
  const tops = values.map((_, u) => positions[u * CELL_VERTICES * 3 + 1]!)
  return { clipped, tops }
}

describe('robust height range', () => {
  it('interpolates quantiles between ranks as d3 does (R-7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4)
    expect(quantileSorted([7], 0.99)).toBe(7)
  })

  it('ends at the 99th percentile when a few cells lie far above it, and counts those cells', () => {
    const values = outlierLayer()
    const range = robustRange(values)
    // Rank (1000 − 1)·0.99 = 989.01 of the sorted values: between 5·990/995 and 5·991/995.
    expect(range.hi).toBeCloseTo((5 * 990.01) / 995, 9)
    expect(range).toMatchObject({ lo: 0, min: 0, max: 250, cappedHi: true, cappedLo: false })
    expect(range.quantile).toBe(CAP_QUANTILE)
    const { clipped, tops } = drawRow(values, range.lo, range.hi)
    expect(clipped).toBe(values.filter((v) => v > range.hi).length)
    expect(clipped).toBeGreaterThanOrEqual(5)
    // The outliers are drawn at the axis's top edge; a value of 2.5 at half of it.
    expect(tops.slice(-5)).toEqual([2, 2, 2, 2, 2])
    expect(tops[497]).toBeCloseTo((2 * (5 * 498)) / 995 / range.hi, 5)
  })

  it('covers every value when none is an outlier (no cell clipped)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) / 100)
    const range = robustRange(values)
    expect(range).toMatchObject({ lo: 0, hi: 10, cappedHi: false })
    expect(drawRow(values, range.lo, range.hi).clipped).toBe(0)
  })

  it('takes the percentile among live units only, so a layer of mostly dead zeros is not capped at 0', () => {
    const values = [
      ...new Array<number>(990).fill(0),
      ...Array.from({ length: 10 }, (_, i) => i + 1)
    ]
    expect(robustRange(values)).toMatchObject({ lo: 0, hi: 10, cappedHi: false })
  })

  it('caps each side alone: a negative outlier caps the bottom, not the top', () => {
    const values = [...outlierLayer().map((v) => -v), 3, 4]
    const range = robustRange(values)
    expect(range.lo).toBeCloseTo((-5 * 990.01) / 995, 9)
    expect(range).toMatchObject({ hi: 4, min: -250, cappedLo: true, cappedHi: false })
  })

  it('skips NaN and ±Infinity', () => {
    const range = robustRange([Number.NaN, Number.POSITIVE_INFINITY, -1, 2])
    expect(range).toMatchObject({ lo: -1, hi: 2, min: -1, max: 2 })
  })
})

describe("a whole run's axes", () => {
  const steps = probeSteps(25, 120)
  /** Layer 0: mean activations grow with the step; layer 1: ten times larger. */
  const probes = steps.map((step, i) =>
    probe(step, [
      layerProbe(0, [0, 0, 0], [i, 2 * i, 3 * i]),
      layerProbe(1, [0, 0, 0], [10 * i, 20 * i, 30 * i])
    ])
  )

  it('takes one row per probe and the height over every probe, whatever a replay shows', () => {
    const axes = runAxes(probes, 0)
    expect(axes.steps).toEqual(steps)
    // The largest value is 3·10 at the last probe; 33 values, none an outlier.
    expect(axes.height).toMatchObject({ lo: 0, hi: 30, cappedHi: false })
    for (let shown = 1; shown <= steps.length; shown++)
      expect(layoutSteps(axes.steps, steps.slice(0, shown), 120)).toEqual(steps)
  })

  it('shares the height over all layers when asked', () => {
    expect(runAxes(probes, 0, true).height.hi).toBe(300)
    expect(runAxes(probes, 1).height.hi).toBe(300)
  })

  it("peaks the ridges at the run's largest bin share, tails counted in the total", () => {
    // fixtures' histograms hold counts [1, 2, 3, 2, 1]: 3 of 9 values in the top bin.
    expect(runAxes(probes, 0).ridgePeak).toBeCloseTo(3 / 9, 12)
    const tall = probe(200, [layerProbe(0, [0, 0, 0], [0, 0, 0])])
    tall.layers[0]!.pre.histogram = { lo: -1, hi: 1, counts: [0, 8, 0], underflow: 2, overflow: 0 }
    expect(runAxes([...probes, tall], 0).ridgePeak).toBeCloseTo(8 / 10, 12)
  })

  it('lays out the rows shown when they are not the start of the run, or the run outgrows the ring', () => {
    expect(layoutSteps(steps, [25, 50], 120)).toEqual([25, 50])
    expect(layoutSteps(steps, steps.slice(0, 4), 5)).toEqual(steps.slice(0, 4))
    expect(layoutSteps(null, [0, 1], 120)).toEqual([0, 1])
  })

  it('draws a replayed row where the whole run draws it, so heights and rows compare between frames', () => {
    const rows = steps.length
    const buf = createLandscapeBuffer(1, 120)
    const z = (count: number, layoutRows: number) => {
      const positions = new Float32Array(count * CELL_VERTICES * 3)
      writeCells(
        buf,
        heightScale('linear', 0, 1),
        positions,
        new Float32Array(positions.length),
        LAYOUT,
        layoutRows
      )
      return positions[2 * CELL_VERTICES * 3 + 2]! // the third row's back corner
    }
    for (const step of steps.slice(0, 3)) pushRow(buf, step, [0.5], [0], [0])
    const replayed = z(3, rows)
    // Laid out against the rows shown alone, the third row would sit elsewhere.
    const alone = z(3, 3)
    for (const step of steps.slice(3)) pushRow(buf, step, [0.5], [0], [0])
    expect(replayed).toBeCloseTo(z(rows, rows), 6)
    expect(replayed).not.toBeCloseTo(alone, 2)
  })
})
