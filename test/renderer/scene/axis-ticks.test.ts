import { describe, expect, it } from 'vitest'
import { probeSteps } from '../../../main/engine/trainer/probe-schedule'
import { timeTicks, unitTicks } from '../../../renderer/src/scene/axis-ticks'
import { cellAxes, ridgeAxes, TIME_LABELS } from '../../../renderer/src/scene/axis-spec'
import { createRidgeBuffer, pushHistogram } from '../../../renderer/src/scene/ridge-buffer'
import { heightScale } from '../../../renderer/src/scene/height-scale'
import { createLandscapeBuffer, pushRow } from '../../../renderer/src/scene/landscape-buffer'

describe('unit axis ticks', () => {
  it('labels every unit of a 10-unit softmax layer', () => {
    expect(unitTicks(10, 10).map((t) => [t.value, t.at])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i, i])
    )
  })

  it('places round unit indices of a sampled 1,000-unit layer on the columns that show them', () => {
    const ticks = unitTicks(1000, 160)
    expect(ticks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900])
    expect(ticks[5]!.at).toBeCloseTo((500 * 159) / 999)
  })
})

describe('time axis ticks', () => {
  const steps = probeSteps(25, 1520)

  it('labels the first and last probe with their real steps and keeps labels apart', () => {
    const ticks = timeTicks(steps, steps.length / 9)
    expect(ticks[0]).toMatchObject({ value: 0, at: 0 })
    expect(ticks.at(-1)).toMatchObject({ value: 1519, at: steps.length - 1 })
    for (const t of ticks) expect(steps[t.at]).toBe(t.value)
    for (let i = 1; i < ticks.length - 1; i++)
      expect(ticks[i]!.at - ticks[i - 1]!.at).toBeGreaterThanOrEqual(steps.length / 9)
  })

  it('prefers round steps (1000, 500, …) over their neighbours', () => {
    const labels = timeTicks(steps, steps.length / 9).map((t) => t.value)
    expect(labels).toContain(1000)
    expect(labels).toContain(500)
    expect(labels.filter((s) => s % 50 !== 0 && s !== 1519)).toEqual([])
  })

  it('labels each early probe (0, 1, 2, 4, 8) when a run has only a few', () => {
    const short = probeSteps(25, 10)
    expect(timeTicks(short, 1).map((t) => t.value)).toEqual([0, 1, 2, 4, 8, 9])
  })
})

describe('landscape axes', () => {
  it('labels units, the steps of the probes shown and the mean activation scale', () => {
    const buf = createLandscapeBuffer(4, 10)
    for (const step of [0, 1, 2, 4]) pushRow(buf, step, [0, 1, 2, 3], [0, 0, 0, 0], [0, 1, 2, 3])
    const spec = cellAxes(buf, 4, heightScale('linear', 0, 3), { width: 8, depth: 6, height: 2 })
    const values = (axis: string) =>
      spec.labels.filter((l) => l.axis === axis && !l.title).map((l) => l.value)
    expect(values('across')).toEqual([0, 1, 2, 3])
    expect(values('time')).toEqual([0, 1, 2, 4])
    expect(values('height')).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3])
    expect(spec.labels.filter((l) => l.title).map((l) => l.text)).toEqual([
      'unit index (4 units)',
      'training step',
      'mean activation'
    ])
    expect(spec.lines.length % 6).toBe(0)
  })

  const size = { width: 8, depth: 6, height: 2 }
  const timeLabels = (spec: ReturnType<typeof cellAxes>) =>
    spec.labels.filter((l) => l.axis === 'time' && !l.title).map((l) => l.value)
  /** Segments starting on the time axis (x = −width/2, y = 0) and pointing outward (−x). */
  const timeMarks = (spec: ReturnType<typeof cellAxes>) => {
    let marks = 0
    for (let i = 0; i < spec.lines.length; i += 6) {
      const [x0, y0, , x1, y1] = spec.lines.slice(i, i + 5)
      if (y0 === 0 && y1 === 0 && x0! <= -size.width / 2 && x1! < x0!) marks++
    }
    return marks
  }

  it('writes out the step of every row of an 11-probe run (the issue: only 5 of 11 were)', () => {
    const steps = probeSteps(25, 120)
    expect(steps).toHaveLength(11)
    const buf = createLandscapeBuffer(4, 120)
    for (const step of steps) pushRow(buf, step, [0, 1, 2, 3], [0, 0, 0, 0], [0, 1, 2, 3])
    const spec = cellAxes(buf, 4, heightScale('linear', 0, 3), size)
    expect(timeLabels(spec)).toEqual(steps)
    expect(TIME_LABELS).toBeGreaterThanOrEqual(11)
  })

  it("during a replay labels the whole run's rows, not only the rows shown so far", () => {
    const run = probeSteps(25, 120)
    const buf = createLandscapeBuffer(4, 120)
    for (const step of run.slice(0, 3)) pushRow(buf, step, [0, 1, 2, 3], [0, 0, 0, 0], [0, 1, 2, 3])
    const spec = cellAxes(buf, 4, heightScale('linear', 0, 3), size, 'unit', run)
    expect(timeLabels(spec)).toEqual(run)
  })

  it('past TIME_LABELS rows marks every row and labels at most about TIME_LABELS of them', () => {
    const steps = Array.from({ length: 120 }, (_, i) => i * 10)
    const buf = createLandscapeBuffer(4, 120)
    for (const step of steps) pushRow(buf, step, [0, 1, 2, 3], [0, 0, 0, 0], [0, 1, 2, 3])
    const spec = cellAxes(buf, 4, heightScale('linear', 0, 3), size)
    const labels = timeLabels(spec)
    // One short mark per row, and a longer one continuing it at each labelled row.
    expect(timeMarks(spec)).toBe(120 + labels.length)
    expect(labels.length).toBeGreaterThan(TIME_LABELS / 2)
    expect(labels.length).toBeLessThanOrEqual(TIME_LABELS + 1)
    expect(labels[0]).toBe(0)
    expect(labels.at(-1)).toBe(1190)
  })

  it("writes each ridge's shares below · above the histogram range at its row, under a title", () => {
    const buf = createRidgeBuffer(3, 10)
    const h = (underflow: number, overflow: number) => ({
      lo: -1,
      hi: 1,
      counts: [2, 4, 2],
      underflow,
      overflow
    })
    pushHistogram(buf, 0, h(0, 0))
    pushHistogram(buf, 1, h(24, 0)) // 24 of 32 below
    pushHistogram(buf, 2, h(1, 7)) // 1 and 7 of 16
    const spec = ridgeAxes(buf, 2, size)
    const outside = spec.labels.filter((l) => l.axis === 'outside')
    expect(outside.map((l) => l.text)).toEqual([
      '75% · 0%',
      '6.3% · 44%',
      'outside the range: below · above'
    ])
    // On the rows of steps 1 and 2: the same depth as their time labels.
    const timeZ = (step: number) =>
      spec.labels.find((l) => l.axis === 'time' && l.value === step)!.at[2]
    expect(outside[0]!.at[2]).toBe(timeZ(1))
    expect(outside[1]!.at[2]).toBe(timeZ(2))
    const inside = createRidgeBuffer(3, 10)
    pushHistogram(inside, 0, h(0, 0))
    expect(ridgeAxes(inside, 2, size).labels.some((l) => l.axis === 'outside')).toBe(false)
  })
})
