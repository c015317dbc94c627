/**
 * What the 3D landscape's axes say and where: tick labels and titles anchored at scene points,
 * and the line segments of the axes, their tick marks and a faint floor and back-wall grid.
 * Three axes: across (unit index, or the pre-activation value in the ridge view), time (one row
 * per probe, each with a tick mark, labelled with real steps: every row up to TIME_LABELS rows,
 * else the roundest steps about rows/TIME_LABELS apart) and height (with its quantity and scale).
 * Pure: the scene's landscape-axes.ts turns a spec into lines and projected HTML labels.
 */
import { scaleLinear } from 'd3-scale'
import { timeTicks, unitTicks, type FloorTick } from './axis-ticks'
import { heightOf, heightTicks, type HeightScale, type Tick } from './height-scale'
import type { LandscapeBuffer } from './landscape-buffer'
import { columnX } from './landscape-cells'
import { outsideShares, type RidgeBuffer } from './ridge-buffer'
import { rowZ, slotOf, type Footprint, type TimeRing } from './time-ring'

/** 'outside': the ridges' shares below and above the histogram range, one label per row. */
export type AxisName = 'across' | 'time' | 'height' | 'outside'

export interface AxisLabel {
  axis: AxisName
  text: string
  /** Tick value (steps, unit index, value); absent on titles. */
  value?: number
  title: boolean
  at: readonly [number, number, number]
}

export interface AxisSpec {
  labels: AxisLabel[]
  /** xyz pairs: axis lines and tick marks. */
  lines: number[]
  /** xyz pairs: floor lines at the across/time ticks, back-wall lines at the height ticks. */
  grid: number[]
}

export interface AxisInput {
  size: Footprint
  /** Across ticks with x in scene units. */
  across: { title: string; ticks: (Tick & { x: number })[] }
  /** Steps of the rows laid out, oldest first (one row per probe). */
  steps: ArrayLike<number>
  /** Height ticks with y in scene units. */
  height: { title: string; ticks: (Tick & { y: number })[] }
}

/** Distance of labels from their axis line, and tick mark length, in scene units. */
const PAD = 0.38
const MARK = 0.12
/** How far right of the ridges their out-of-range shares stand, in scene units. */
const OUTSIDE_X = 0.9
/**
 * Rows labelled along the depth at most: up to this many rows, every row's step is written out;
 * beyond, every row keeps its tick mark so the rows between two labels can be counted.
 */
export const TIME_LABELS = 24

/** Labels and lines of all three axes for one layout. Does not mutate its input. */
export function axisSpec(input: AxisInput): AxisSpec {
  const { width: w, depth: d, height: h } = input.size
  const spec: AxisSpec = { labels: [], lines: [], grid: [] }
  const front = d / 2
  const left = -w / 2
  spec.lines.push(left, 0, front, w / 2, 0, front)
  for (const t of input.across.ticks) {
    spec.lines.push(t.x, 0, front, t.x, 0, front + MARK)
    spec.grid.push(t.x, 0, -d / 2, t.x, 0, front)
    spec.labels.push(tick('across', t, [t.x, 0, front + PAD]))
  }
  spec.labels.push(title('across', input.across.title, [0, 0, front + PAD * 2.6]))
  spec.lines.push(left, 0, -d / 2, left, 0, front)
  const rows = input.steps.length
  for (let r = 0; r < rows; r++) {
    const z = rowZ(r, rows, d)
    spec.lines.push(left, 0, z, left - MARK / 2, 0, z)
  }
  for (const t of stepTicks(input.steps)) {
    const z = rowZ(t.at, rows, d)
    spec.lines.push(left - MARK / 2, 0, z, left - MARK, 0, z)
    spec.grid.push(left, 0, z, w / 2, 0, z)
    spec.labels.push(tick('time', t, [left - PAD * 1.4, 0, z]))
  }
  spec.labels.push(title('time', 'training step', [left - PAD * 1.4, 0, -d / 2 - PAD * 1.6]))
  // The height axis stands at the back-right corner, away from the time axis's labels.
  const right = w / 2
  const ys = input.height.ticks.map((t) => t.y)
  spec.lines.push(right, Math.min(0, ...ys), -d / 2, right, Math.max(h, ...ys), -d / 2)
  for (const t of input.height.ticks) {
    spec.lines.push(right, t.y, -d / 2, right + MARK, t.y, -d / 2)
    spec.grid.push(left, t.y, -d / 2, right, t.y, -d / 2)
    spec.labels.push(tick('height', t, [right + PAD * 1.3, t.y, -d / 2]))
  }
  spec.labels.push(title('height', input.height.title, [right, h + PAD * 1.5, -d / 2]))
  return spec
}

function stepTicks(steps: ArrayLike<number>): FloorTick[] {
  return timeTicks(steps, Math.max(1, steps.length / TIME_LABELS))
}

function tick(axis: AxisName, t: Tick, at: AxisLabel['at']): AxisLabel {
  return { axis, text: t.label, value: t.value, title: false, at }
}

function title(axis: AxisName, text: string, at: AxisLabel['at']): AxisLabel {
  return { axis, text, title: true, at }
}

/** Steps of a ring's filled rows, oldest first. */
export function ringSteps(ring: TimeRing): number[] {
  return Array.from({ length: ring.count }, (_, t) => ring.steps[slotOf(ring, t)]!)
}

/**
 * Axes of the unit cells: unit (or conv channel) indices of a `total`-unit layer over the
 * buffer's columns, the rows' `steps` (by default the filled rows'), and mean activation on
 * `scale`.
 */
export function cellAxes(
  buf: LandscapeBuffer,
  total: number,
  scale: HeightScale,
  size: Footprint,
  noun: 'unit' | 'channel' = 'unit',
  steps: ArrayLike<number> = ringSteps(buf)
): AxisSpec {
  return axisSpec({
    size,
    across: {
      title: `${noun} index (${total} ${total === 1 ? noun : `${noun}s`})`,
      ticks: unitTicks(total, buf.units).map((t) => ({
        ...t,
        x: columnX(t.at, buf.units, size.width)
      }))
    },
    steps,
    height: {
      title: scale.kind === 'symlog' ? 'mean activation (symlog)' : 'mean activation',
      ticks: heightTicks(scale).map((t) => ({ ...t, y: heightOf(scale, t.value, size.height) }))
    }
  })
}

/** Percent with two significant digits: 92%, 5.1%, 0.37%. */
const pct = (share: number) => `${+(share * 100).toPrecision(2)}%`

/**
 * The ridges' out-of-range column: right of each filled row whose values leave the histogram
 * range, "below · above" shares (the ridge cannot draw them), under a title. Appends to `spec`.
 */
function outsideLabels(spec: AxisSpec, buf: RidgeBuffer, rows: number, size: Footprint): void {
  const x = size.width / 2 + OUTSIDE_X
  let any = false
  for (const r of outsideShares(buf)) {
    if (r.below + r.above === 0) continue
    any = true
    const z = rowZ(r.row, rows, size.depth)
    const text = `${pct(r.below)} · ${pct(r.above)}`
    spec.labels.push({
      axis: 'outside',
      text,
      value: r.below + r.above,
      title: false,
      at: [x, 0, z]
    })
  }
  if (any)
    spec.labels.push(
      title('outside', 'outside the range: below · above', [x, 0, -size.depth / 2 - PAD * 1.6])
    )
}

/**
 * Axes of the ridge view: pre-activation values over the histogram range, the rows' `steps`, the
 * share of values per bin, where a share of 1 is `perShare` scene units high, and each row's
 * shares outside the histogram range.
 */
export function ridgeAxes(
  buf: RidgeBuffer,
  perShare: number,
  size: Footprint,
  steps: ArrayLike<number> = ringSteps(buf)
): AxisSpec {
  const values = scaleLinear().domain([buf.lo, buf.hi])
  const format = values.tickFormat(7)
  const peak = size.height / perShare
  const shares = scaleLinear().domain([0, peak])
  const spec = axisSpec({
    size,
    across: {
      title: 'pre-activation value',
      ticks: values.ticks(7).map((value) => ({
        value,
        label: format(value),
        x: ((value - buf.lo) / (buf.hi - buf.lo) - 0.5) * size.width
      }))
    },
    steps,
    height: {
      title: 'share of values per bin',
      ticks: shares.ticks(4).map((value) => ({
        value,
        label: `${+(value * 100).toPrecision(3)}%`,
        y: value * perShare
      }))
    }
  })
  outsideLabels(spec, buf, Math.max(buf.count, steps.length), size)
  return spec
}
