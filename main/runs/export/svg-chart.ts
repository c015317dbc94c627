/**
 * Static line charts as inline SVG strings for the HTML/PDF report: several named series over a
 * shared x axis, linear or log10 y, gaps where a value is not finite (a divergence shows as the
 * line stopping, marked), axis titles, and the app's ticks (1-2-5, decades on log axes) from the
 * shared chart scale (main/contract/charts/axis-scale.ts). Extents are found in one pass (no spread of
 * every value into Math.min, which overflows the stack past ~125k steps). No scripts, no
 * external references. Pure.
 */
import {
  axisDomain,
  axisTicks,
  finiteExtent,
  formatTick,
  padDomain
} from '../../contract/charts/axis-scale'

export interface ChartSeries {
  label: string
  points: readonly (readonly [number, number])[]
  /** Dashed (e.g. a theory prediction next to a measurement). */
  dashed?: boolean
}

export interface ChartOptions {
  title: string
  xLabel: string
  yLabel: string
  logY?: boolean
  width?: number
  height?: number
}

/** Series colours, kept off the state hues (teal alive, red dead, amber saturated, violet). */
const PALETTE = [
  '#1f6fd1',
  '#b0399f',
  '#6f8f00',
  '#555b66',
  '#0b3c8c',
  '#e377c2',
  '#8c564b',
  '#5aa0ff'
]
const PAD = { left: 62, right: 12, top: 28, bottom: 40 }

/** Text safe inside HTML/SVG. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function usable(y: number, log: boolean): boolean {
  return Number.isFinite(y) && (!log || y > 0)
}

/** Every finite x of points with a usable y. */
function* xValues(series: readonly ChartSeries[], log: boolean): Generator<number> {
  for (const s of series) for (const [x, y] of s.points) if (usable(y, log)) yield x
}

/** Every usable y. */
function* yValues(series: readonly ChartSeries[], log: boolean): Generator<number> {
  for (const s of series) for (const [, y] of s.points) if (usable(y, log)) yield y
}

/** An SVG line chart. Series with no usable point are listed in the legend as "no data". Pure. */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 640
  const height = options.height ?? 260
  const log = options.logY === true
  const ty = (y: number) => (log ? Math.log10(y) : y)
  const xDomain = padDomain(finiteExtent(xValues(series, log)))
  const yDomain = axisDomain(finiteExtent(yValues(series, log), log), log)
  const [x0, x1] = xDomain
  const [y0, y1] = [ty(yDomain[0]), ty(yDomain[1])]
  const plotW = width - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW
  const sy = (y: number) => PAD.top + plotH - ((ty(y) - y0) / (y1 - y0)) * plotH
  const paths = series.map((s, i) => seriesPath(s, i, sx, sy, log))
  const ticks = axisTicks(yDomain, log, 5).map((v) => {
    const y = sy(v).toFixed(1)
    return `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/><text x="${PAD.left - 4}" y="${Number(y) + 4}" text-anchor="end">${formatTick(v)}</text>`
  })
  const xTicks = axisTicks(xDomain, false, 6)
    .filter(Number.isInteger)
    .map(
      (v) =>
        `<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH + 4}" stroke="#999"/><text x="${sx(v).toFixed(1)}" y="${height - PAD.bottom + 14}" text-anchor="middle">${formatTick(v)}</text>`
    )
  const legend = series.map((s, i) => {
    const empty = s.points.every(([, y]) => !usable(y, log)) ? ' (no data)' : ''
    return `<tspan fill="${PALETTE[i % PALETTE.length]}">■ ${escapeXml(s.label)}${empty}</tspan>`
  })
  return [
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="10" role="img" aria-label="${escapeXml(options.title)}">`,
    `<text x="${PAD.left}" y="14" font-size="12" font-weight="bold">${escapeXml(options.title)}</text>`,
    ...ticks,
    ...xTicks,
    `<text x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(12 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}${log ? ', log scale' : ''}</text>`,
    ...paths,
    `<text x="${PAD.left}" y="${PAD.top - 4}">${legend.join(' ')}</text>`,
    '</svg>'
  ].join('\n')
}

function seriesPath(
  s: ChartSeries,
  i: number,
  sx: (x: number) => number,
  sy: (y: number) => number,
  log: boolean
): string {
  const color = PALETTE[i % PALETTE.length]
  let d = ''
  let pen = false
  const marks: string[] = []
  for (const [x, y] of s.points) {
    if (!usable(y, log)) {
      if (pen && !Number.isFinite(y))
        marks.push(`<text x="${sx(x)}" y="${28 + 10}" fill="${color}">✕ ${escapeXml(String(y))}</text>`)
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`
    pen = true
  }
  const dash = s.dashed ? ' stroke-dasharray="5 3"' : ''
  const single = s.points.filter(([, y]) => usable(y, log)).length === 1
  const dot = single
    ? s.points
        .filter(([, y]) => usable(y, log))
        .map(([x, y]) => `<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${color}"/>`)
    : []
  return [
    `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${dash}/>`,
    ...dot,
    ...marks
  ].join('')
}
