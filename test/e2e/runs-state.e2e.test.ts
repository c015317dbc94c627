/**
 * What a newcomer meets, end to end: the first start opens on the healthy relu-he with a line
 * to the broken presets; an edited preset is marked modified; a short run ends with its
 * confusion matrices and misclassified gallery in the Train view; the Runs list shows its data
 * folder, duration, accuracies, what changed from the preset and its findings by title; and
 * after a reload Layers, 3D and the dead-neuron map show that run instead of "Start a run".
 * Screenshots at 1024, 1400 and 1920 px wide.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'

const app = useApp()

const text = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).first().textContent()) ?? '').trim()

describe('a newcomer’s first run', () => {
  it('opens on relu-he with a line pointing to the broken presets', async () => {
    const { page } = app
    await openView(page, 'train')
    await expect.poll(() => page.getByTestId('preset-select').inputValue()).toBe('relu-he')
    expect(await text(page, 'preset-contrast')).toMatch(/sigmoid-deep .*relu-dying/)
    await screenshotAtWidths(page, 'first-start')
  })

  it('marks an edited preset as modified and says what changed', async () => {
    const { page } = app
    await usePreset(page, 'relu-he', { maxSteps: 40, statsEvery: 5, learningRate: 0.003 })
    expect(await text(page, 'model-modified')).toMatch(
      /relu-he \(modified\).*lr 0\.001 → 0\.003.*max steps none → 40/
    )
    await openView(page, 'train')
    expect(await page.locator('[data-testid="preset-select"] option:checked').textContent()).toBe(
      'relu-he (modified)'
    )
  })

  it('ends with confusion matrices and misclassified images in the Train view', async () => {
    const { page } = app
    expect(await runToEnd(page)).toMatch(/Run completed after 40 steps/)
    const evaluation = page.getByTestId('train-evaluation')
    await evaluation.waitFor()
    const val = evaluation.getByTestId('confusion-val')
    expect(await val.getByTestId('confusion-row').count()).toBe(10)
    await evaluation.getByTestId('confusion-test').waitFor()
    const endLine = await text(page, 'run-end')
    const shown = (await val.getByTestId('confusion-accuracy').textContent())!
    // The matrix's accuracy is the run's final validation accuracy (0.xyz ↔ xy.z %).
    const valAcc = Number(/Validation accuracy ([\d.]+)/.exec(endLine)![1])
    expect(Math.abs(Number.parseFloat(shown) / 100 - valAcc)).toBeLessThan(0.0006)
    const images = evaluation.getByTestId('misclassified-image')
    expect(await images.count()).toBeGreaterThan(0)
    expect(await images.count()).toBeLessThanOrEqual(48)
    const loaded = await images
      .locator('img')
      .evaluateAll((els) => els.every((e) => (e as HTMLImageElement).naturalWidth === 28))
    expect(loaded).toBe(true)
    await evaluation.scrollIntoViewIfNeeded()
    await screenshotAtWidths(page, 'train-evaluation')
  })

  it('lists the run with data, duration, accuracy, changes and findings by title', async () => {
    const { page } = app
    await openView(page, 'runs')
    const row = page.getByTestId('run-row').first()
    await row.waitFor()
    expect(await row.getByTestId('run-row-data').textContent()).toBe('sample')
    expect(await row.getByTestId('run-row-duration').textContent()).toMatch(/^\d+ s$|^\d+:\d\d$/)
    expect(await row.getByTestId('run-row-val-acc').textContent()).toMatch(/^\d+\.\d %$/)
    expect(await row.getByTestId('run-row-test-acc').textContent()).toMatch(/^\d+\.\d %$/)
    expect(await row.getByTestId('run-row-changes').textContent()).toBe(
      'lr 0.001 → 0.003, max steps none → 40, probe every 25 → 5'
    )
    // Titles (capitalised words), never codes like dead-relu.
    expect(await row.getByTestId('run-row-findings').textContent()).toMatch(
      /^(—|[A-Z][^,]*(, [A-Z][^,]*)*)$/
    )
    await row.getByTestId('run-row-name').click()
    await page.getByTestId('runs-evaluation').getByTestId('confusion-val').waitFor()
    await screenshotAtWidths(page, 'runs-list')
  })

  it('shows the latest run in Layers, 3D and the dead-neuron map after a reload', async () => {
    const { page } = app
    await page.reload()
    await page.getByTestId('status-bar').getByText('browser').waitFor()
    await openView(page, 'train')
    await page.getByTestId('stored-note').getByText('the latest run').waitFor()
    await openView(page, 'layers')
    await expect.poll(() => page.getByText('Start a run').count()).toBe(0)
    await openView(page, 'landscape')
    await page.getByTestId('landscape-canvas').waitFor()
    expect(await page.getByText('Start a run').count()).toBe(0)
    await openView(page, 'deadmap')
    expect(await page.getByText('Start a run').count()).toBe(0)
    await screenshot(page, 'deadmap-after-reload')
    expect(app.errors).toEqual([])
  })

  it('says where the evaluation would be why a damaged evaluation.json was left out', async () => {
    const { page } = app
    const runs = join(dirname(app.dataRoot), 'runs')
    const [id] = (await readdir(runs)).filter((d) => !d.startsWith('.'))
    const path = join(runs, id!, 'evaluation.json')
    const evaluation = JSON.parse(await readFile(path, 'utf8'))
    evaluation.splits[0].confusion.pop() // a row short of one per class
    await writeFile(path, JSON.stringify(evaluation))
    await page.reload()
    await page.getByTestId('status-bar').getByText('browser').waitFor()
    await openView(page, 'runs')
    await page.getByTestId('run-row').first().getByTestId('run-row-name').click()
    const error = page.getByTestId('runs-evaluation').getByTestId('evaluation-error')
    await error.waitFor()
    expect(await error.textContent()).toMatch(
      /could not be shown: .*evaluation\.json is left out: \$\.splits\[0\]\.confusion: not \d+ × \d+/
    )
    await error.scrollIntoViewIfNeeded()
    await screenshot(page, 'runs-evaluation-error')
    expect(app.errors).toEqual([])
  })
})
