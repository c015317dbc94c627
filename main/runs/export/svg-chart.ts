/**
 * Static line charts as inline SVG strings for the HTML/PDF report: several named series over a
 * shared x axis, linear or log10 y, gaps where a value is not finite (a divergence shows as the
 * line stopping, marked). No scripts, no external references. Pure.
 */

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

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf'
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

function tickLabel(v: number, log: boolean): string {
  const x = log ? 10 ** v : v
  if (x === 0) return '0'
  const a = Math.abs(x)
  return a >= 1e4 || a < 1e-2 ? x.toExponential(0) : String(Number(x.toPrecision(3)))
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1]
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5]
  return [lo, hi]
}

function usable(y: number, log: boolean): boolean {
  return Number.isFinite(y) && (!log || y > 0)
}

/** An SVG line chart. Series with no usable point are listed in the legend as "no data". Pure. */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 640
  const height = options.height ?? 260
  const log = options.logY === true
  const ty = (y: number) => (log ? Math.log10(y) : y)
  const all = series.flatMap((s) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && usable(y, log))
  )
  const [x0, x1] = extent(all.map(([x]) => x))
  const [y0, y1] = extent(all.map(([, y]) => ty(y)))
  const plotW = width - PAD.left - PAD.right
  const plotH = height - PAD.top - PAD.bottom
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotW
  const sy = (y: number) => PAD.top + plotH - ((ty(y) - y0) / (y1 - y0)) * plotH
  const paths = series.map((s, i) => seriesPath(s, i, sx, sy, log))
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = y0 + f * (y1 - y0)
    const y = PAD.top + plotH - f * plotH
    return `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/><text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end">${tickLabel(v, log)}</text>`
  })
  const xTicks = [0, 0.5, 1].map((f) => {
    const v = x0 + f * (x1 - x0)
    return `<text x="${PAD.left + f * plotW}" y="${height - PAD.bottom + 14}" text-anchor="middle">${tickLabel(v, false)}</text>`
  })
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
    `<text transform="translate(12 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}${log ? ' (log)' : ''}</text>`,
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
        marks.push(`<text x="${sx(x)}" y="${28 + 10}" fill="${color}">✕ ${String(y)}</text>`)
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
