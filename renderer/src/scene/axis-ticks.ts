/**
 * Tick values and positions for the 3D landscape's floor axes. The unit axis gets 1-2-5 unit
 * indices placed on the column that shows them. The time axis is one row per probe — the probe
 * schedule is log-spaced early (steps 0, 1, 2, 4, …) and even later, so rows give the first
 * steps as much depth as the last ones — and it is labelled with the real step numbers of
 * well-spaced rows, preferring round numbers. Pure.
 */
import { scaleLinear } from 'd3-scale'
import type { Tick } from './height-scale'

/** A tick on a floor axis: `at` is its position in columns or rows (fractional, 0-based). */
export interface FloorTick extends Tick {
  at: number
}

/**
 * Unit-index ticks for a layer of `total` units shown as `columns` evenly sampled columns
 * (column c shows unit round(c·(total−1)/(columns−1))): integer 1-2-5 values, at most `count`.
 */
export function unitTicks(total: number, columns: number, count = 8): FloorTick[] {
  if (total <= 1) return [{ value: 0, label: '0', at: 0 }]
  const ticks = scaleLinear()
    .domain([0, total - 1])
    .ticks(Math.min(count, total))
    .filter(Number.isInteger)
  return ticks.map((value) => ({
    value,
    label: String(value),
    at: (value * (columns - 1)) / (total - 1)
  }))
}

/** How round a step number is: more trailing zeros first, then leading 1, 5, 2, others. */
function roundness(step: number): number {
  if (step === 0) return 100
  let zeros = 0
  let n = step
  while (n % 10 === 0) {
    n /= 10
    zeros++
  }
  const lead = n < 10 ? ([0, 4, 2, 0, 1, 3, 0, 0, 0, 0][n] ?? 0) : 0
  return zeros * 10 + lead
}

/**
 * Step ticks for rows holding `steps` (ascending, one per row): the first and last rows, then
 * the roundest steps whose rows are at least `minGap` rows from every tick already taken.
 */
export function timeTicks(steps: ArrayLike<number>, minGap: number): FloorTick[] {
  const n = steps.length
  if (n === 0) return []
  const rows = Array.from({ length: n }, (_, i) => i)
  const order = [
    0,
    n - 1,
    ...rows.slice(1, -1).sort((a, b) => roundness(steps[b]!) - roundness(steps[a]!) || a - b)
  ]
  const taken: number[] = []
  for (const r of order) {
    const gap = r === n - 1 ? minGap / 2 : minGap
    if (taken.every((t) => Math.abs(t - r) >= gap)) taken.push(r)
  }
  return taken
    .sort((a, b) => a - b)
    .map((r) => ({ value: steps[r]!, label: String(steps[r]), at: r }))
}
