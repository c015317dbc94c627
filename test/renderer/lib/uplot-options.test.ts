import { describe, expect, it } from 'vitest'
import { chartOptions, tickCount, xSplits, yRange } from '../../../renderer/src/lib/uplot-options'

describe('uPlot options', () => {
  it('ticks steps and layers at whole 1-2-5 values', () => {
    expect(xSplits(0, 1520, 300)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400])
    expect(xSplits(1, 9, 400)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(xSplits(2.2, 2.8, 300)).toEqual([]) // zoomed in between two integers: no fractional steps
  })

  it('fits the y axis to readable ends, or keeps a fixed domain', () => {
    expect(yRange(0.121, 0.97, false)).toEqual([0, 1])
    expect(yRange(0.3, 2, true)).toEqual([0.2, 2])
    expect(yRange(0.3, 2, false, [0, 1])).toEqual([0, 1])
  })

  it('asks for more ticks on a taller axis, within 3 to 8', () => {
    expect(tickCount(60)).toBe(3)
    expect(tickCount(200)).toBe(5)
    expect(tickCount(2000)).toBe(8)
  })

  it('titles both axes and makes the y scale logarithmic when asked', () => {
    const o = chartOptions({
      series: [{ label: 'train', color: '#4c8df6', x: [0, 1], y: [1, 2] }],
      width: 300,
      height: 200,
      xLabel: 'training step',
      yLabel: 'loss (cross-entropy, nats)',
      log: true,
      onCursor: () => {},
      onZoom: () => {},
      marker: () => null,
      pixelRatio: 1
    })
    expect(o.axes?.map((a) => a.label)).toEqual(['training step', 'loss (cross-entropy, nats)'])
    expect(o.scales?.y?.distr).toBe(3)
    expect(o.series.map((s) => s.label)).toEqual(['x', 'train'])
  })

  const settings = {
    width: 300,
    height: 200,
    xLabel: 'training step',
    yLabel: 'mean activation',
    log: false,
    onCursor: () => {},
    onZoom: () => {},
    marker: () => null,
    pixelRatio: 1
  }

  it('reads a series marked right on a second, labelled y axis with its own fixed domain', () => {
    const o = chartOptions({
      ...settings,
      series: [
        { label: 'mean activation', color: '#4c8df6', x: [0, 1], y: [0, 45] },
        { label: 'active fraction', color: '#3fb68b', x: [0, 1], y: [1, 0.5], right: true }
      ],
      y2: { label: 'active fraction (0–1)', domain: [0, 1] }
    })
    expect(o.axes?.map((a) => [a.label, a.scale ?? 'x or y', a.side ?? 'default'])).toEqual([
      ['training step', 'x or y', 'default'],
      ['mean activation', 'x or y', 'default'],
      ['active fraction (0–1)', 'y2', 1]
    ])
    expect(o.series.map((s) => s.scale)).toEqual([undefined, 'y', 'y2'])
    const range = o.scales?.y2?.range
    if (typeof range !== 'function') throw new Error('y2 has no range function')
    expect(range({} as never, 0.5, 0.9, 'y2')).toEqual([0, 1])
    // Each y axis is drawn in its series' colour, so a reader knows which line it measures.
    expect(o.axes?.slice(1).map((a) => a.stroke)).toEqual(['#4c8df6', '#3fb68b'])
  })

  it('keeps one y axis when no series is marked right', () => {
    const o = chartOptions({
      ...settings,
      series: [{ label: 'mean activation', color: '#4c8df6', x: [0, 1], y: [0, 45] }],
      y2: { label: 'active fraction (0–1)', domain: [0, 1] }
    })
    expect(o.axes).toHaveLength(2)
    expect(o.scales?.y2).toBeUndefined()
  })
})
