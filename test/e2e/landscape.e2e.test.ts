/**
 * The 3D views draw and read as charts: after a short run the landscape canvas (cells, then
 * ridges) holds a picture, read back pixel by pixel; hovering reads out a unit, a step and a
 * value; the axes' tick labels (HTML, with data-value) match the run's probe steps and units,
 * every row's step is written out, and a replay keeps the whole run's axes; the height axis
 * ends at the 99th percentile and a note counts the cells drawn at its edge; the ridges count
 * the values outside the histogram range; a unit's history has two labelled y axes; the camera
 * resets; dying ReLUs show red in the first probes.
 */
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { probeSteps } from '../../main/engine/trainer/probe-schedule'
import { unitTicks } from '../../renderer/src/scene/axis-ticks'
import { UNIT_BUDGET } from '../../renderer/src/scene/probe-feed'
import { SERIES_COLORS } from '../../renderer/src/lib/state-colors'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

/**
 * Share of the canvas's pixels that are drawn (differ from the background #12151c) or, for
 * 'red', in the dead state's red or the pale red of inactive-on-the-probe (#e5484d, #eea0a2 at any
 * shade), read back through a 2D canvas (the WebGL canvas keeps its drawing buffer).
 */
async function pixelShare(page: Page, kind: 'drawn' | 'red'): Promise<number> {
  return page.getByTestId('landscape-canvas').evaluate((el, k) => {
    const source = el as HTMLCanvasElement
    const copy = document.createElement('canvas')
    copy.width = source.width
    copy.height = source.height
    const ctx = copy.getContext('2d')
    if (!ctx) throw new Error('no 2D context')
    ctx.drawImage(source, 0, 0)
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height)
    let hits = 0
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
      const hit =
        k === 'red'
          ? r! > 60 && r! > 1.3 * g! && r! > 1.3 * b!
          : Math.abs(r! - 0x12) + Math.abs(g! - 0x15) + Math.abs(b! - 0x1c) > 24
      if (hit) hits++
    }
    return hits / (data.length / 4)
  }, kind)
}

/** Tick values of one axis ('across', 'time', 'height') as the overlay shows them. */
async function tickValues(page: Page, axis: string): Promise<number[]> {
  const values = await page
    .locator(`[data-testid="landscape-axes"] [data-axis="${axis}"][data-value]`)
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.value)))
  return values
}

/** Tick values of one axis whose labels are shown (not hidden as overlapping another). */
async function visibleTicks(page: Page, axis: string): Promise<number[]> {
  return page
    .locator(`[data-testid="landscape-axes"] [data-axis="${axis}"][data-value]`)
    .evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).style.visibility !== 'hidden')
        .map((e) => Number((e as HTMLElement).dataset.value))
    )
}

/**
 * Pixels within 40 of `css` (summed |Δr|+|Δg|+|Δb|) in the left or right 40 CSS pixels of a
 * chart's uPlot canvas: where its y axes draw their ticks and titles.
 */
async function axisInk(chart: Locator, side: 'left' | 'right', css: string): Promise<number> {
  return chart.locator('canvas').evaluate(
    (el, [s, hex]) => {
      const canvas = el as HTMLCanvasElement
      const ctx = canvas.getContext('2d')
      if (!ctx) throw new Error('no 2D context')
      const band = Math.round(40 * (canvas.width / canvas.getBoundingClientRect().width))
      const x = s === 'left' ? 0 : canvas.width - band
      const { data } = ctx.getImageData(x, 0, band, canvas.height)
      const want = [1, 3, 5].map((i) => parseInt(hex!.slice(i, i + 2), 16))
      let hits = 0
      for (let i = 0; i < data.length; i += 4) {
        const d = want.reduce((sum, w, k) => sum + Math.abs(data[i + k]! - w), 0)
        if (data[i + 3]! > 200 && d < 40) hits++
      }
      return hits
    },
    [side, css] as const
  )
}

async function axisTitle(page: Page, axis: string): Promise<string> {
  return (
    (await page
      .locator(`[data-testid="landscape-axes"] .axis-title[data-axis="${axis}"]`)
      .textContent()) ?? ''
  )
}

const eyeOf = (page: Page) =>
  page.getByTestId('landscape-canvas').evaluate((el) => (el as HTMLElement).dataset.eye ?? '')

describe('3D landscape as a chart (relu-dying)', () => {
  const SHORT = { maxSteps: 60, statsEvery: 25 }

  it("labels the time axis with the run's probe steps and the unit axis with the layer's units", async () => {
    await usePreset(app.page, 'relu-dying', SHORT)
    await runToEnd(app.page)
    await openView(app.page, 'landscape')
    await app.page.getByTestId('mode-cells').click()
    await app.page.getByTestId('landscape-canvas').waitFor()
    await app.page.waitForTimeout(300)
    const steps = probeSteps(SHORT.statsEvery, SHORT.maxSteps)
    expect(steps).toEqual([0, 1, 2, 4, 8, 16, 25, 50, 59])
    const time = await tickValues(app.page, 'time')
    expect(time[0]).toBe(0)
    expect(time.at(-1)).toBe(59)
    for (const t of time) expect(steps).toContain(t)
    expect(await axisTitle(app.page, 'time')).toBe('training step')
    const option = await app.page
      .getByTestId('layer-select')
      .locator('option')
      .first()
      .textContent()
    const units = Number(/, (\d+)\s+units/.exec(option ?? '')?.[1])
    expect(units).toBeGreaterThan(1)
    expect(await tickValues(app.page, 'across')).toEqual(
      unitTicks(units, Math.min(units, UNIT_BUDGET)).map((t) => t.value)
    )
    expect(await axisTitle(app.page, 'across')).toBe(`unit index (${units} units)`)
    const height = await tickValues(app.page, 'height')
    expect(height[0]).toBe(0)
    expect(height.length).toBeGreaterThan(2)
    expect(await axisTitle(app.page, 'height')).toBe('mean activation')
    await screenshot(app.page, 'landscape-relu-dying')
  })

  it('ends the height axis at the 99th percentile when a few cells tower over the rest, and counts them', async () => {
    await app.page.getByTestId('layer-select').selectOption('0')
    await app.page.getByTestId('height-linear').click()
    await app.page.getByTestId('height-shared').uncheck()
    const note = app.page.getByTestId('landscape-clipped')
    await note.waitFor()
    const text = (await note.textContent())?.trim() ?? ''
    const m =
      /^(\d+) cells? above ([\d.]+) \(largest ([\d.]+)\), drawn at the axis's edge: the axis ends at the run's 99th percentile so a few outliers don't flatten the rest\.$/.exec(
        text
      )
    expect(m, text).not.toBeNull()
    const [count, cap, largest] = [Number(m![1]), Number(m![2]), Number(m![3])]
    expect(count).toBeGreaterThan(0)
    // Capped only when the largest value lies more than twice beyond the percentile.
    expect(largest).toBeGreaterThan(2 * cap)
    const ticks = await tickValues(app.page, 'height')
    expect(Math.max(...ticks)).toBeLessThanOrEqual(cap)
    expect(Math.max(...ticks)).toBeGreaterThan(cap / 2)
    for (const width of [1400, 1024]) {
      await app.page.setViewportSize({ width, height: 900 })
      await app.page.getByTestId('camera-reset').click()
      await app.page.waitForTimeout(300)
      await screenshot(app.page, `landscape-clipped-${width}`)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
  })

  it("writes out every row's step, and replays against the whole run's axes", async () => {
    const steps = probeSteps(SHORT.statsEvery, SHORT.maxSteps)
    await app.page.getByTestId('camera-reset').click()
    await app.page.waitForTimeout(300)
    for (const width of [1400, 1024]) {
      await app.page.setViewportSize({ width, height: 900 })
      await app.page.waitForTimeout(300)
      expect(await visibleTicks(app.page, 'time')).toEqual(steps)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
    const height = await tickValues(app.page, 'height')
    const clipped = await app.page.getByTestId('landscape-clipped').textContent()
    // Three probes shown (steps 0, 1, 2): the rows and the height axis stay the whole run's.
    await app.page.getByTestId('replay-position').fill('3')
    await expect.poll(() => app.page.getByTestId('replay-count').textContent()).toMatch(/step 2$/)
    await app.page.waitForTimeout(300)
    expect(await tickValues(app.page, 'time')).toEqual(steps)
    expect(await tickValues(app.page, 'height')).toEqual(height)
    for (const width of [1400, 1024]) {
      await app.page.setViewportSize({ width, height: 900 })
      await app.page.waitForTimeout(300)
      await screenshot(app.page, `landscape-replay-3-of-9-${width}`)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
    await app.page.getByTestId('replay-position').fill(String(steps.length))
    await expect.poll(() => app.page.getByTestId('landscape-clipped').textContent()).toBe(clipped)
  })

  it('counts the pre-activations the ridges leave out of the histogram range', async () => {
    await app.page.getByTestId('mode-ridge').click()
    const note = app.page.getByTestId('ridge-outside')
    await note.waitFor()
    expect(await note.textContent()).toMatch(
      /^\s*At \d+ of 9 probes some pre-activations fall outside the histogram range -?[\d.]+ … [\d.]+ and are not drawn: up to [\d.]+% at step \d+ \((([\d.]+% below)(, )?)?([\d.]+% above)?\)\.\s*$/
    )
    for (const width of [1400, 1024]) {
      await app.page.setViewportSize({ width, height: 900 })
      await app.page.getByTestId('camera-reset').click()
      await app.page.waitForTimeout(300)
      await screenshot(app.page, `landscape-ridges-outside-${width}`)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
    await app.page.waitForTimeout(300)
    await app.page.getByTestId('mode-cells').click()
  })

  it('shows silent units (red: dead; pale red: inactive on the probe) already in the probes of the first 25 steps', async () => {
    await app.page.getByTestId('camera-top').click()
    // Replay position 7 = probes at steps 0, 1, 2, 4, 8, 16, 25 (the axes stay the whole run's).
    const slider = app.page.getByTestId('replay-position')
    await slider.fill('7')
    await expect.poll(() => app.page.getByTestId('replay-count').textContent()).toMatch(/step 25$/)
    expect((await tickValues(app.page, 'time')).at(-1)).toBe(59)
    await app.page.waitForTimeout(300)
    expect(await pixelShare(app.page, 'red')).toBeGreaterThan(0.01)
    await screenshot(app.page, 'landscape-relu-dying-top-first-25-steps')
  })

  it('replays probe by probe until the whole run is shown again', async () => {
    await app.page.getByTestId('replay-speed').selectOption('4')
    await app.page.getByTestId('replay-play').click()
    const count = app.page.getByTestId('replay-count')
    const shown = async () => Number(await count.getAttribute('data-shown'))
    const first = await shown()
    await expect.poll(shown, { timeout: 5000 }).toBeGreaterThan(first)
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toMatch(/\(all\)/)
    expect(await shown()).toBe(9)
  })

  it('keeps the camera above the floor, resets it, and keeps it per layer across views', async () => {
    await app.page.getByTestId('camera-reset').click()
    await app.page.waitForTimeout(100)
    const home = await eyeOf(app.page)
    const box = await app.page.getByTestId('landscape-canvas').boundingBox()
    if (!box) throw new Error('canvas has no box')
    // A long upward drag would orbit under the floor without the polar limit.
    await app.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await app.page.mouse.down()
    await app.page.mouse.move(box.x + box.width / 2 + 40, box.y + 5, { steps: 8 })
    await app.page.mouse.up()
    await app.page.waitForTimeout(100)
    const dragged = await eyeOf(app.page)
    expect(dragged).not.toBe(home)
    expect(Number(dragged.split(',')[1])).toBeGreaterThan(0)
    await openView(app.page, 'train')
    await openView(app.page, 'landscape')
    await app.page.waitForTimeout(200)
    expect(await eyeOf(app.page)).toBe(dragged)
    await app.page.getByTestId('camera-reset').click()
    await app.page.waitForTimeout(100)
    expect(await eyeOf(app.page)).toBe(home)
  })

  it('opens the history of a clicked unit cell', async () => {
    await app.page.getByTestId('camera-top').click()
    await app.page.waitForTimeout(200)
    const box = await app.page.getByTestId('landscape-canvas').boundingBox()
    if (!box) throw new Error('canvas has no box')
    await app.page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5)
    const panel = app.page.getByTestId('unit-history')
    await panel.waitFor()
    expect(await panel.textContent()).toMatch(/Layer 1, unit \d+: history/)
    expect(await panel.locator('.strip i').count()).toBe(9)
    // Two y axes, each titled: the mean activation's own range, and the active fraction's 0–1.
    const chart = panel.getByTestId('unit-history-chart')
    expect(await chart.getAttribute('data-y-label')).toBe('mean activation')
    expect(await chart.getAttribute('data-y2-label')).toBe('active fraction (0–1)')
    // uPlot draws axes on its canvas: the left axis's ticks and title in the mean's colour, the
    // right axis's in the fraction's, each in its own margin of the plot.
    expect(await axisInk(chart, 'left', SERIES_COLORS.measured)).toBeGreaterThan(40)
    expect(await axisInk(chart, 'right', SERIES_COLORS.active)).toBeGreaterThan(40)
    expect(await axisInk(chart, 'right', SERIES_COLORS.measured)).toBe(0)
    for (const width of [1400, 1024]) {
      await app.page.setViewportSize({ width, height: 900 })
      await app.page.waitForTimeout(300)
      await screenshot(app.page, `landscape-unit-history-${width}`)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
    await screenshot(app.page, 'landscape-unit-history')
    expect(app.errors).toEqual([])
  })
})

describe('3D landscape and dead-neuron map at three window widths', () => {
  it('shows cells, top view and ridges of relu-dying, and its dead-neuron map, at 1024, 1400 and 1920 px', async () => {
    for (const width of [1024, 1400, 1920]) {
      await app.page.setViewportSize({ width, height: 900 })
      await openView(app.page, 'landscape')
      await app.page.getByTestId('mode-cells').click()
      await app.page.getByTestId('camera-reset').click()
      await app.page.waitForTimeout(300)
      expect(await tickValues(app.page, 'time')).toContain(59)
      await screenshot(app.page, `landscape-cells-${width}`)
      await app.page.getByTestId('camera-top').click()
      await app.page.waitForTimeout(300)
      await screenshot(app.page, `landscape-top-${width}`)
      await app.page.getByTestId('mode-ridge').click()
      await app.page.getByTestId('camera-reset').click()
      await app.page.waitForTimeout(300)
      expect(await axisTitle(app.page, 'across')).toBe('pre-activation value')
      await screenshot(app.page, `landscape-ridges-${width}`)
      await app.page.getByTestId('mode-cells').click()
      await openView(app.page, 'deadmap')
      await app.page.getByTestId('deadmap-scrubber').fill('6')
      const cell = app.page.locator('[data-testid="deadmap-layer-0"] canvas')
      await cell.hover({ position: { x: 5, y: 5 } })
      expect(await app.page.getByTestId('deadmap-tip').textContent()).toMatch(
        /unit 0 · (alive|dead|inactive on the probe)\s+mean activation [\d.e+-]+\s+active on \d+% of probe examples/
      )
      await screenshot(app.page, `deadmap-${width}`)
    }
    await app.page.setViewportSize({ width: 1400, height: 900 })
    expect(app.errors).toEqual([])
  })
})

describe('3D landscape height scale (large-init)', () => {
  it('draws every layer on one scale when asked, so the exploding last layer towers over the first', async () => {
    await usePreset(app.page, 'large-init', { maxSteps: 20, statsEvery: 25 })
    await runToEnd(app.page)
    await openView(app.page, 'landscape')
    await app.page.getByTestId('mode-cells').click()
    await app.page.getByTestId('camera-reset').click()
    await app.page.getByTestId('height-linear').click()
    const shared = app.page.getByTestId('height-shared')
    await shared.uncheck()
    await app.page.getByTestId('layer-select').selectOption('0')
    const own = Math.max(...(await tickValues(app.page, 'height')))
    await shared.check()
    await expect
      .poll(async () => Math.max(...(await tickValues(app.page, 'height'))))
      .toBeGreaterThan(own * 10)
    await screenshot(app.page, 'landscape-large-init-shared-linear-layer1')
    await app.page.getByTestId('height-symlog').click()
    await expect.poll(() => axisTitle(app.page, 'height')).toBe('mean activation (symlog)')
    await screenshot(app.page, 'landscape-large-init-shared-symlog-layer1')
    const options = await app.page.getByTestId('layer-select').locator('option').count()
    await app.page.getByTestId('layer-select').selectOption(String(options - 2))
    await app.page.waitForTimeout(300)
    await screenshot(app.page, 'landscape-large-init-shared-symlog-deep')
    await app.page.getByTestId('height-linear').click()
    await shared.uncheck()
    expect(app.errors).toEqual([])
  })
})

describe('3D landscape', () => {
  it('draws the unit cells of a trained layer and reads a unit under the pointer', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 40, statsEvery: 5 })
    await runToEnd(app.page)
    await openView(app.page, 'landscape')
    const canvas = app.page.getByTestId('landscape-canvas')
    await canvas.waitFor()
    // The camera is kept per layer; start this run's look from the default view.
    await app.page.getByTestId('camera-reset').click()
    await app.page.waitForTimeout(300) // one animation frame after the last probe
    await screenshot(app.page, 'landscape-cells')
    expect(await pixelShare(app.page, 'drawn')).toBeGreaterThan(0.05)
    const box = await canvas.boundingBox()
    if (!box) throw new Error('canvas has no box')
    let read = ''
    // The cells cover the middle of the view; try a few points around the centre.
    for (const [fx, fy] of [
      [0.5, 0.55],
      [0.45, 0.5],
      [0.55, 0.6],
      [0.5, 0.45]
    ]) {
      await app.page.mouse.move(box.x + box.width * fx!, box.y + box.height * fy!)
      const tip = app.page.getByTestId('landscape-hover')
      if (await tip.isVisible()) {
        read = (await tip.textContent()) ?? ''
        break
      }
    }
    expect(read).toMatch(/unit \d+/)
    expect(read).toMatch(/step \d+/)
    await screenshot(app.page, 'landscape-cells')
  })

  it('draws the histogram ridges', async () => {
    await app.page.getByTestId('mode-ridge').click()
    await app.page.waitForTimeout(300)
    expect(await pixelShare(app.page, 'drawn')).toBeGreaterThan(0.03)
    await screenshot(app.page, 'landscape-ridges')
    expect(app.errors).toEqual([])
  })

  it("says on the view when a diverged run's values are not finite instead of a bare flat grid", async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 60, statsEvery: 5, learningRate: 1e6 })
    const end = await runToEnd(app.page)
    const layer = /first in (\w+)/.exec(end)?.[1]
    expect(layer, end).toBeDefined()
    await openView(app.page, 'landscape')
    const options = await app.page.getByTestId('layer-select').locator('option').allTextContents()
    const index = options.findIndex((o) => o.includes(`. ${layer} —`))
    await app.page.getByTestId('layer-select').selectOption(String(index))
    await app.page.getByTestId('mode-cells').click()
    const note = app.page.getByTestId('non-finite-note')
    await note.waitFor()
    expect(await note.textContent()).toMatch(
      /^Values at step \d+ are not finite \(the run diverged\): shown as 0\.$/
    )
    await app.page.getByTestId('mode-ridge').click()
    expect(await note.textContent()).toMatch(/not finite \(the run diverged\)/)
    await screenshot(app.page, 'landscape-diverged')
    expect(app.errors).toEqual([])
  })
})
