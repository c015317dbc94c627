/**
 * The 3D views draw: after a short run the landscape canvas (surface, then ridges) holds a
 * picture, read back pixel by pixel, and hovering it reads out a unit, a step and a value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openView, runToEnd, screenshot, startApp, usePreset, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

/**
 * Share of the canvas's pixels that differ from its background colour (#12151c), read back
 * through a 2D canvas (the WebGL canvas keeps its drawing buffer).
 */
async function drawnShare(page: Page): Promise<number> {
  return page.getByTestId('landscape-canvas').evaluate((el) => {
    const source = el as HTMLCanvasElement
    const copy = document.createElement('canvas')
    copy.width = source.width
    copy.height = source.height
    const ctx = copy.getContext('2d')
    if (!ctx) throw new Error('no 2D context')
    ctx.drawImage(source, 0, 0)
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height)
    let drawn = 0
    for (let i = 0; i < data.length; i += 4) {
      const d =
        Math.abs(data[i] - 0x12) + Math.abs(data[i + 1] - 0x15) + Math.abs(data[i + 2] - 0x1c)
      if (d > 24) drawn++
    }
    return drawn / (data.length / 4)
  })
}

describe('3D landscape', () => {
  it('draws the unit surface of a trained layer and reads a unit under the pointer', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 40, statsEvery: 5 })
    await runToEnd(app.page)
    await openView(app.page, 'landscape')
    const canvas = app.page.getByTestId('landscape-canvas')
    await canvas.waitFor()
    await app.page.waitForTimeout(300) // one animation frame after the last probe
    await screenshot(app.page, 'landscape-surface')
    expect(await drawnShare(app.page)).toBeGreaterThan(0.05)
    const box = await canvas.boundingBox()
    if (!box) throw new Error('canvas has no box')
    let read = ''
    // The surface covers the middle of the view; try a few points around the centre.
    for (const [fx, fy] of [
      [0.5, 0.55],
      [0.45, 0.5],
      [0.55, 0.6],
      [0.5, 0.45]
    ]) {
      await app.page.mouse.move(box.x + box.width * fx, box.y + box.height * fy)
      const tip = app.page.getByTestId('landscape-hover')
      if (await tip.isVisible()) {
        read = (await tip.textContent()) ?? ''
        break
      }
    }
    expect(read).toMatch(/unit \d+/)
    expect(read).toMatch(/step \d+/)
    await screenshot(app.page, 'landscape-surface')
  })

  it('draws the histogram ridges', async () => {
    await app.page.getByTestId('mode-ridge').click()
    await app.page.waitForTimeout(300)
    expect(await drawnShare(app.page)).toBeGreaterThan(0.03)
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
    await app.page.getByTestId('mode-surface').click()
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
