/**
 * uPlot options for the app's line charts, built from plain settings: axis titles, 1-2-5 and
 * decade ticks from the shared chart scale (main/contract/charts/axis-scale.ts, the one the report
 * uses), a linear or log y axis with a readable rounded domain, an optional second (right-hand)
 * y axis for series of another quantity, drag-to-zoom on x, and a marker line at a chosen x
 * (the scrubbed step). No DOM access here; the component owns the
 * plot. Pure apart from the callbacks it wires.
 */
import type uPlot from 'uplot'
import {
  axisDomain,
  axisTicks,
  finiteExtent,
  formatTick,
  type Domain
} from '../../../main/contract/charts/axis-scale'
import type { Series } from './layer-series'

export interface ChartSettings {
  series: readonly Series[]
  width: number
  height: number
  xLabel: string
  yLabel: string
  log: boolean
  /** A fixed y domain (e.g. [0, 1] for fractions); otherwise fitted to the data. */
  yDomain?: Domain
  /**
   * The right-hand y axis of the series marked `right`: its title and fixed domain (linear).
   * Without series marked `right` there is no second axis.
   */
  y2?: { label: string; domain: Domain }
  /** Called with the hovered column, or null when the cursor leaves. */
  onCursor: (idx: number | null) => void
  /** Called when the x range changes: true while zoomed in. */
  onZoom: (zoomed: boolean) => void
  /** Canvas pixels per CSS pixel (window.devicePixelRatio): uPlot's bbox is in canvas pixels. */
  pixelRatio: number
  /** The x at which to draw the marker line, read at every redraw (null for none). */
  marker: () => number | null
}

const FONT = '11px system-ui, sans-serif'
const MUTED = '#8d96a8'
const GRID = '#262d3b'
const MARKER = '#6ea8ff'
/** Series with at most this many samples get dots (e.g. per-epoch validation, per-layer). */
const DOTS_UP_TO = 40

/** Ticks that fit `pixels` of axis length (one per ~40 px, between 3 and 8). */
export function tickCount(pixels: number): number {
  return Math.max(3, Math.min(8, Math.round(pixels / 40)))
}

/**
 * x tick values: the 1-2-5 ladder, whole numbers only (steps and layers are integers); none
 * when zoomed in between two integers.
 */
export function xSplits(min: number, max: number, pixels: number): number[] {
  return axisTicks([min, max], false, tickCount(pixels)).filter(Number.isInteger)
}

/** The y domain shown for data between min and max (a fixed domain wins). */
export function yRange(min: number, max: number, log: boolean, fixed?: Domain): Domain {
  if (fixed) return fixed
  const ok = Number.isFinite(min) && Number.isFinite(max)
  return axisDomain(ok ? finiteExtent([min, max], log) : null, log)
}

function axis(label: string, splits: uPlot.Axis['splits']): uPlot.Axis {
  return {
    label,
    stroke: MUTED,
    font: FONT,
    labelFont: FONT,
    labelSize: 16,
    grid: { stroke: GRID, width: 1 },
    ticks: { stroke: GRID, width: 1, size: 4 },
    splits,
    // uPlot hides log labels it finds crowded; our splits are already thinned, so keep them all.
    filter: (_u, splits) => splits,
    values: (_u, splits) => splits.map(formatTick)
  }
}

function seriesOption(s: Series, twoAxes: boolean): uPlot.Series {
  const samples = s.y.length
  return {
    label: s.label,
    scale: twoAxes && s.right ? 'y2' : 'y',
    stroke: s.faint ? `${s.color}55` : s.color,
    width: s.faint ? 1 : 1.6,
    dash: s.dashed ? [5, 4] : undefined,
    spanGaps: false,
    points: { show: !s.faint && !s.smoothable && samples <= DOTS_UP_TO, size: 5, fill: s.color }
  }
}

function drawMarker(u: uPlot, at: number | null): void {
  if (at === null || !Number.isFinite(at)) return
  const x = Math.round(u.valToPos(at, 'x', true))
  const { top, height, left, width } = u.bbox
  if (x < left || x > left + width) return
  const ctx = u.ctx
  ctx.save()
  ctx.strokeStyle = MARKER
  ctx.lineWidth = 1
  ctx.beginPath()
  ctx.moveTo(x, top)
  ctx.lineTo(x, top + height)
  ctx.stroke()
  ctx.restore()
}

/** The options of one chart. */
export function chartOptions(c: ChartSettings): uPlot.Options {
  const xs = c.series.flatMap((s) => s.x)
  const full = finiteExtent(xs)
  const y2 = c.y2 && c.series.some((s) => s.right) ? c.y2 : null
  // With two y axes, each axis takes its series' colour so a reader knows which line it measures.
  const colorOf = (right: boolean) => c.series.find((s) => !s.faint && !!s.right === right)?.color
  const left = y2 ? colorOf(false) : undefined
  return {
    width: c.width,
    height: c.height,
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    scales: {
      x: {
        time: false,
        range: (_u, min, max) =>
          min === null || max === null ? [0, 1] : min === max ? [min - 1, max + 1] : [min, max]
      },
      y: {
        distr: c.log ? 3 : 1,
        log: 10,
        range: (_u, min, max) => yRange(min, max, c.log, c.yDomain)
      },
      ...(y2 ? { y2: { range: (): uPlot.Range.MinMax => y2.domain } } : {})
    },
    axes: [
      {
        ...axis(c.xLabel, (u, _i, min, max) => xSplits(min, max, u.bbox.width / c.pixelRatio)),
        size: 24,
        labelSize: 14
      },
      {
        ...axis(c.yLabel, (u, _i, min, max) =>
          axisTicks([min, max], c.log, tickCount(u.bbox.height / c.pixelRatio))
        ),
        size: 48,
        ...(left ? { stroke: left } : {})
      },
      ...(y2
        ? [
            {
              ...axis(y2.label, (u, _i, min, max) =>
                axisTicks([min, max], false, tickCount(u.bbox.height / c.pixelRatio))
              ),
              scale: 'y2',
              side: 1,
              size: 40,
              // One grid is enough: the left axis draws it.
              grid: { show: false },
              stroke: colorOf(true) ?? MUTED
            } satisfies uPlot.Axis
          ]
        : [])
    ],
    series: [{ label: 'x' }, ...c.series.map((s) => seriesOption(s, y2 !== null))],
    hooks: {
      setCursor: [(u) => c.onCursor(u.cursor.idx ?? null)],
      setScale: [
        (u, key) => {
          if (key !== 'x' || !full) return
          const { min, max } = u.scales.x ?? {}
          c.onZoom((min ?? full[0]) > full[0] || (max ?? full[1]) < full[1])
        }
      ],
      draw: [(u) => drawMarker(u, c.marker())]
    }
  }
}
