/**
 * The charts as a newcomer meets them: uPlot charts with axis titles, a hover readout and a
 * log/linear toggle; the learning rate when a cosine schedule moves it; "not applicable"
 * instead of a flat zero saturation line in a ReLU net; the theory line next to the measured variance; Compare overlaying two real runs on one chart
 * with a layer picker that lists every layer and a selection kept across navigation.
 * Screenshots of Train, Layers and Compare at 1024, 1400 and 1920 px.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'

const app = useApp()

/** Axis titles of the chart with `testid` (uPlot draws them on its canvas, from these). */
async function axisTitles(page: Page, testid: string): Promise<(string | null)[]> {
  const chart = page.getByTestId(testid)
  return [await chart.getAttribute('data-x-label'), await chart.getAttribute('data-y-label')]
}

describe('charts', () => {
  it('draws loss with axis titles, a hover readout and a log/linear toggle', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 60, statsEvery: 10 })
    await runToEnd(app.page)
    const loss = app.page.getByTestId('chart-loss')
    await loss.locator('canvas').waitFor()
    expect(await axisTitles(app.page, 'chart-loss')).toEqual([
      'training step',
      'loss (cross-entropy, nats)'
    ])
    expect(await loss.getAttribute('data-series')).toBe('2')
    // The end-of-run evaluation sits above the charts: bring the chart into view to hover it.
    await loss.scrollIntoViewIfNeeded()
    const box = (await loss.locator('.u-over').boundingBox())!
    await app.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
    const readout = app.page.getByTestId('chart-readout').first()
    await readout.waitFor()
    expect(await readout.textContent()).toMatch(/train: \d+(\.\d+)? at step \d+/)
    expect(await loss.getAttribute('data-scale')).toBe('log')
    await loss.getByTestId('chart-log-toggle').click()
    expect(await loss.getAttribute('data-scale')).toBe('linear')
    await loss.getByTestId('chart-log-toggle').click()
    // A constant rate draws no learning-rate chart: a flat line would say nothing.
    expect(await app.page.getByTestId('chart-lr').count()).toBe(0)
    await screenshotAtWidths(app.page, 'charts-train', 300)
  })

  it('draws the learning rate falling when the cosine schedule moves it', async () => {
    await usePreset(app.page, 'relu-he', {
      maxSteps: 40,
      statsEvery: 10,
      epochs: 1,
      schedule: 'cosine'
    })
    await runToEnd(app.page)
    const lr = app.page.getByTestId('chart-lr')
    await lr.locator('canvas').waitFor()
    expect(await axisTitles(app.page, 'chart-lr')).toEqual(['training step', 'learning rate'])
    expect(await lr.getAttribute('data-series')).toBe('1')
    await lr.scrollIntoViewIfNeeded()
    await screenshot(app.page, 'charts-train-cosine')
  })

  it('says saturation is not applicable in a ReLU net and draws the theory line', async () => {
    await openView(app.page, 'layers')
    const na = app.page.getByTestId('not-applicable-saturation')
    await na.waitFor()
    expect(await na.textContent()).toMatch(/not applicable for ReLU layers/)
    expect(await app.page.getByTestId('chart-saturated-fraction').count()).toBe(0)
    expect(await axisTitles(app.page, 'chart-variance')).toEqual([
      'layer (1 = first, last = output)',
      'Var(pre), log scale'
    ])
    const keys = await app.page
      .getByTestId('chart-variance')
      .getByTestId('chart-key')
      .allTextContents()
    expect(keys).toContain('from the initializers alone')
    expect(await app.page.getByTestId('gradient-verdict').textContent()).toMatch(
      /gradient per weight \(RMS\) is [\d.e+-]+× the output layer's/
    )
    await app.page.getByTestId('histogram-strip').first().waitFor()
    await screenshotAtWidths(app.page, 'charts-layers', 300)
    expect(app.errors).toEqual([])
  })
})

describe('compare', () => {
  it('overlays two real runs on one chart and lists every layer', async () => {
    await usePreset(app.page, 'sigmoid-deep', { maxSteps: 40, statsEvery: 10 })
    await runToEnd(app.page)
    // A sigmoid net: saturation is drawn, the dead fraction is not applicable.
    await openView(app.page, 'layers')
    await app.page.getByTestId('chart-saturated-fraction').waitFor()
    expect(await app.page.getByTestId('not-applicable-dead').textContent()).toMatch(
      /not applicable for sigmoid layers/
    )
    await screenshot(app.page, 'charts-layers-sigmoid')
    await openView(app.page, 'compare')
    const options = app.page.getByTestId('compare-run-0').locator('option')
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(3)
    const labels = await options.allTextContents()
    const ids = await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    const pick = (name: string) => ids[labels.findIndex((l) => l.startsWith(name))]
    await app.page.getByTestId('compare-run-0').selectOption(pick('sigmoid-deep')!)
    await app.page.getByTestId('compare-run-1').selectOption(pick('relu-he')!)
    await expect.poll(() => app.page.getByTestId('compare-column').count()).toBe(2)
    const loss = app.page.getByTestId('compare-loss')
    // Two runs, each a training and a validation curve, on the same axes.
    await expect.poll(() => loss.getAttribute('data-series')).toBe('4')
    // sigmoid-deep has eight hidden layers + output: every one is offered.
    const layerOptions = await app.page
      .getByTestId('compare-layer')
      .locator('option')
      .allTextContents()
    expect(layerOptions).toHaveLength(9)
    expect(layerOptions.at(-1)).toMatch(/output/)
    await app.page.getByTestId('compare-layer').selectOption({ index: 7 })
    await screenshotAtWidths(app.page, 'charts-compare', 300)
    // The choice survives a visit to another view.
    await openView(app.page, 'train')
    await openView(app.page, 'compare')
    await expect.poll(() => app.page.getByTestId('compare-column').count()).toBe(2)
    expect(await app.page.getByTestId('compare-layer').inputValue()).toBe(
      layerOptions[7]!.replace(/^\d+ /, '')
    )
    expect(app.errors).toEqual([])
  })
})
