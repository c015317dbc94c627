/**
 * The editing and comparing views: the Model view's validation messages sit next to the bad
 * field and block Start; layers can be added, reordered and removed; the Data view shows
 * thumbnails per class and an augmentation preview (Compare: charts.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

describe('model editor', () => {
  it('shows a bad unit count next to its field and blocks Start until it is fixed', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 10, statsEvery: 5 })
    await app.page.getByTestId('layer-0-units').fill('-3')
    const error = app.page.getByTestId('error-model.layers[0].units')
    await error.waitFor()
    expect(await error.textContent()).toMatch(/greater than 0|at least/)
    await screenshot(app.page, 'model-invalid')
    await openView(app.page, 'train')
    expect(await app.page.getByTestId('run-start').isDisabled()).toBe(true)
    await openView(app.page, 'model')
    await app.page.getByTestId('layer-0-units').fill('32')
    await app.page.getByTestId('model-validity').getByText('valid').waitFor()
    expect(await app.page.getByTestId('error-model.layers[0].units').count()).toBe(0)
  })

  it('adds, reorders and removes layers', async () => {
    const layers = app.page.locator('[data-testid^="layer-"][data-testid$="-remove"]')
    const before = await layers.count()
    await app.page.getByTestId('add-dense').click()
    expect(await layers.count()).toBe(before + 1)
    await app.page.getByTestId(`layer-${before}`).getByLabel('move up').click()
    expect(await app.page.getByTestId(`layer-${before - 1}-units`).inputValue()).toBe('64')
    await app.page.getByTestId(`layer-${before - 1}-remove`).click()
    expect(await layers.count()).toBe(before)
    await screenshot(app.page, 'model-editor')
  })

  it('remembers the picked preset and backend across a reload', async () => {
    await app.page.getByTestId('preset-tanh-deep').click()
    await openView(app.page, 'train')
    await app.page.getByTestId('backend-choice').selectOption('cpu')
    const saved = () => app.mode.ctx.settings.read()
    await expect
      .poll(async () => `${(await saved()).backend} ${(await saved()).lastPreset}`)
      .toBe('cpu tanh-deep')
    await app.page.reload()
    await openView(app.page, 'train')
    await expect.poll(() => app.page.getByTestId('backend-choice').inputValue()).toBe('cpu')
    expect(await app.page.getByTestId('preset-select').inputValue()).toBe('tanh-deep')
    await app.page.getByTestId('backend-choice').selectOption('auto')
  })
})

describe('data view', () => {
  it('shows thumbnails per class and an augmentation preview', async () => {
    await openView(app.page, 'data')
    await app.page.getByTestId('data-overview').waitFor()
    await app.page.locator('.thumbs img').first().waitFor()
    expect(await app.page.locator('.thumbs').count()).toBeGreaterThan(1)
    await app.page.getByTestId('augment-enable').check()
    await app.page.getByTestId('augment-preview').click()
    await app.page.getByTestId('augment-row').first().waitFor()
    expect(
      await app.page.getByTestId('augment-row').first().locator('img').count()
    ).toBeGreaterThan(2)
    await screenshot(app.page, 'data-augmentation')
  })
})

describe('batch norm and dropout in the Layers view', () => {
  it('charts batch against moving statistics for a batch-norm layer', async () => {
    await usePreset(app.page, 'batchnorm', { maxSteps: 20, statsEvery: 5 })
    await runToEnd(app.page)
    await openView(app.page, 'layers')
    await app.page.getByTestId('chart-batchnorm').waitFor()
    expect(await app.page.getByTestId('chart-batchnorm').getAttribute('data-series')).toBe('4')
    await app.page.getByTestId('chart-batchnorm').locator('canvas').waitFor()
    await screenshot(app.page, 'layers-batchnorm')
  })

  it('charts the kept fraction of a dropout layer next to its expected p', async () => {
    await usePreset(app.page, 'dropout', { maxSteps: 20, statsEvery: 5 })
    await runToEnd(app.page)
    await openView(app.page, 'layers')
    const chart = app.page.getByTestId('chart-dropout')
    await chart.waitFor()
    expect(await chart.textContent()).toMatch(/expected p = 0\.50/)
    await screenshot(app.page, 'layers-dropout')
    expect(app.errors).toEqual([])
  })
})
