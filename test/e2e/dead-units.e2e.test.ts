/**
 * The lecture's ReLU claim, end to end on the bundled sample: relu-dying kills units (the dead
 * fraction rises in the Layers view and the dead-neuron map), leaky-relu under the same settings
 * kills none.
 */
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()
/**
 * Short runs (80 steps, a probe every 10) at the presets' own settings (Adam at 0.03, too high):
 * relu-dying loses about half of its hidden units by step 30, and leaky-relu gets the very same
 * settings.
 */
const SHORT = { maxSteps: 80, statsEvery: 10 }

/** Dead fraction of every hidden layer, read from the Layers table (0..1). */
async function deadFractions(): Promise<number[]> {
  await openView(app.page, 'layers')
  const cells = app.page.locator('[data-testid^="dead-"]')
  const values = await cells.evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-value')))
  )
  return values.slice(0, -1) // the last row is the softmax output layer
}

/** Dead fraction per hidden layer at the first probe and now, read from the dead-neuron map. */
async function deadMapAt(probeIndex: number | 'last'): Promise<number[]> {
  await openView(app.page, 'deadmap')
  const scrubber = app.page.getByTestId('deadmap-scrubber')
  const max = Number(await scrubber.getAttribute('max'))
  await scrubber.fill(String(probeIndex === 'last' ? max : probeIndex))
  const layers = app.page.locator('[data-testid^="deadmap-layer-"]')
  return layers.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-dead'))))
}

/** Probes recorded so far (the scrubber's range). */
async function probeCount(): Promise<number> {
  return Number(await app.page.getByTestId('deadmap-scrubber').getAttribute('max')) + 1
}

describe('dead ReLU units', () => {
  it('shows the sample dataset with its classes', async () => {
    await openView(app.page, 'data')
    await app.page.getByTestId('data-overview').waitFor()
    expect(await app.page.getByTestId('class-row').count()).toBeGreaterThan(1)
    await screenshot(app.page, 'data-sample')
  })

  it('shows the dead fraction rising under relu-dying in the Layers view and the dead-neuron map', async () => {
    await usePreset(app.page, 'relu-dying', SHORT)
    const end = await runToEnd(app.page)
    expect(end).toMatch(/Run completed/)
    const now = await deadFractions()
    expect(Math.max(...now)).toBeGreaterThan(0)
    await screenshot(app.page, 'layers-relu-dying')
    const first = await deadMapAt(0)
    const last = await deadMapAt('last')
    expect(last.length).toBe(first.length)
    expect(last.reduce((a, b) => a + b, 0)).toBeGreaterThan(first.reduce((a, b) => a + b, 0))
    // A click on a unit of the first layer shows that unit's history.
    await app.page
      .locator('[data-testid="deadmap-layer-0"] canvas')
      .click({ position: { x: 4, y: 4 } })
    const history = app.page.getByTestId('unit-history')
    await history.getByText('Layer 1, unit 0').waitFor()
    expect(await history.locator('.strip i').count()).toBe(await probeCount())
    // "Dead" is the census's word: the note names the training examples checked.
    await expect
      .poll(() => app.page.getByTestId('deadmap-census').textContent())
      .toMatch(/Dead: output 0 on every one of the [\d,]+ training examples/)
    await screenshot(app.page, 'deadmap-relu-dying')
  })

  it('draws the accuracy baselines on the Train view and names them under the validation matrix', async () => {
    await openView(app.page, 'train')
    const chart = app.page.getByTestId('chart-acc')
    await chart.getByText(/majority class \d+%/).waitFor()
    await chart.getByText(/chance \d+%/).waitFor()
    const line = app.page.getByTestId('confusion-baselines')
    expect(await line.textContent()).toMatch(/Baselines: majority class [\d.]+ %, chance [\d.]+ %/)
    await screenshot(app.page, 'train-baselines')
    await app.page.getByTestId('train-evaluation').scrollIntoViewIfNeeded()
    await screenshot(app.page, 'train-evaluation-baselines')
  })

  it('shows no dead unit under leaky-relu with the same settings', async () => {
    await usePreset(app.page, 'leaky-relu', SHORT)
    await runToEnd(app.page)
    const now = await deadFractions()
    expect(now.length).toBeGreaterThan(0)
    expect(now.every((f) => f === 0)).toBe(true)
    const last = await deadMapAt('last')
    expect(last.every((f) => f === 0)).toBe(true)
    await screenshot(app.page, 'deadmap-leaky-relu')
    expect(app.errors).toEqual([])
  })
})
