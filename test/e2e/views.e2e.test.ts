/**
 * The editing and comparing views: the Model view's validation messages sit next to the bad
 * field and block Start; layers can be added, reordered and removed; the Data view shows
 * thumbnails per class and an augmentation preview (Compare: charts.e2e.test.ts). Layout and
 * help: the Train charts keep their place when a run ends, no view scrolls sideways at 1024 px,
 * Compare pickers name the data folder and date, and every view has its help note and the
 * glossary.
 */
import { basename } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'
import { VIEWS } from '../../renderer/src/views/view-ids'

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

/** Top of each element with these test ids, in px from the top of the scrolled view. */
function topsOf(page: Page, ids: string[]): Promise<(number | null)[]> {
  return page.evaluate((ids) => {
    const main = document.querySelector('main')
    return ids.map((id) => {
      const e = document.querySelector(`[data-testid="${id}"]`)
      return e && main ? e.getBoundingClientRect().top + main.scrollTop : null
    })
  }, ids)
}

describe('layout and help', () => {
  it('keeps the live charts where they are when a run ends, results below them', async () => {
    const { page } = app
    await usePreset(page, 'relu-he', { maxSteps: 60, statsEvery: 20 })
    await openView(page, 'train')
    await page.getByTestId('run-start').click()
    await page.getByTestId('chart-loss').locator('canvas').waitFor({ timeout: 150_000 })
    await expect
      .poll(async () => Number(await page.getByTestId('progress-step').textContent()), {
        timeout: 150_000
      })
      .toBeGreaterThan(0)
    // Paused, the live layout holds still to be measured.
    await page.getByTestId('run-pause').click()
    await page.getByTestId('run-resume').waitFor()
    const ids = ['chart-loss', 'chart-acc', 'backend-panel']
    /** The tops at 1400 px and at 1024 px, where long lines wrap. */
    const tops = async () => {
      await page.setViewportSize({ width: 1024, height: 900 })
      await page.waitForTimeout(300)
      const narrow = await topsOf(page, ids)
      await page.setViewportSize({ width: 1400, height: 900 })
      await page.waitForTimeout(300)
      return [...(await topsOf(page, ids)), ...narrow]
    }
    const live = await tops()
    expect(live.every((t) => t !== null)).toBe(true)
    await screenshot(page, 'layout-train-live')
    await page.getByTestId('run-resume').click()
    await page.getByTestId('run-end').waitFor({ timeout: 150_000 })
    await page.getByTestId('train-findings').waitFor()
    expect(await tops()).toEqual(live)
    const [findings] = await topsOf(page, ['train-findings'])
    const chartBottom = await page
      .getByTestId('chart-loss')
      .evaluate((e) => e.getBoundingClientRect().bottom + document.querySelector('main')!.scrollTop)
    expect(findings).toBeGreaterThan(chartBottom)
    await screenshotAtWidths(page, 'layout-train-ended', 300)
  }, 400_000)

  it('lists runs in the Compare pickers with their data folder and date, cards in words', async () => {
    const { page } = app
    await usePreset(page, 'sigmoid-deep', { maxSteps: 20, statsEvery: 10 })
    await runToEnd(page)
    await openView(page, 'compare')
    const options = page.getByTestId('compare-run-0').locator('option')
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(3)
    const labels = (await options.allTextContents()).slice(1)
    const folder = basename(app.mode.ctx.sampleRoot)
    for (const label of labels)
      expect(label).toMatch(new RegExp(`, data ${folder}, \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`))
    const ids = await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    const pick = (name: string) => ids[1 + labels.findIndex((l) => l.startsWith(name))]
    await page.getByTestId('compare-run-0').selectOption(pick('sigmoid-deep')!)
    await page.getByTestId('compare-run-1').selectOption(pick('relu-he')!)
    await expect.poll(() => page.getByTestId('compare-column').count()).toBe(2)
    const facts = await page.getByTestId('compare-card-facts').allTextContents()
    expect(facts.join(' ')).not.toMatch(/he-normal|glorot-|leaky-relu|\brelu\b/)
    expect(facts[1]).toMatch(/ReLU → ReLU → output/)
    expect(facts[1]).toMatch(/He normal/)
    expect(facts[0]).toMatch(/random normal N\(0, 0\.4²\)/)
    await page.getByTestId('compare-variance').locator('canvas').waitFor()
    await screenshotAtWidths(page, 'layout-compare', 300)
  }, 400_000)

  it('never scrolls sideways at 1024 px, in any view', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 800 })
    const wide: string[] = []
    const check = async (what: string) => {
      await page.waitForTimeout(300)
      // The page, the view, and any box inside it that would scroll sideways (a wide table).
      const over = await page.evaluate(() => {
        const boxes = [document.scrollingElement!, document.querySelector('main')!]
        for (const e of document.querySelectorAll('main *')) {
          const x = getComputedStyle(e).overflowX
          if (x === 'auto' || x === 'scroll') boxes.push(e)
        }
        // A panel wider than the view sticks out into its padding without making it scroll.
        const main = document.querySelector('main')!
        const right =
          main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight)
        const clipped = (e: Element) => {
          for (let a = e.parentElement; a && a !== main; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') return true
          return false
        }
        const out = [...main.querySelectorAll('main > *, main > * > *')]
          .filter((e) => e.getBoundingClientRect().right > right + 1 && !clipped(e))
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}.${e.className} right ${e.getBoundingClientRect().right} > ${right}`
          )
        return boxes
          .filter((b) => b.scrollWidth > b.clientWidth)
          .map(
            (b) => `${b.tagName.toLowerCase()}.${b.className} ${b.scrollWidth} > ${b.clientWidth}`
          )
          .concat(out)
      })
      if (over.length > 0) wide.push(`${what}: ${over.join(', ')}`)
    }
    for (const v of VIEWS) {
      await openView(page, v.id)
      await check(v.id)
    }
    await openView(page, 'runs')
    await page.getByTestId('run-row').first().click()
    await page.getByTestId('run-metrics').waitFor()
    await check('runs with a run open')
    await screenshot(page, 'layout-runs-detail-1024')
    await page.setViewportSize({ width: 1400, height: 900 })
    await screenshot(page, 'layout-runs-detail-1400')
    expect(wide).toEqual([])
  })

  it('has a note per view tied to a lecture idea, and a glossary', async () => {
    const { page } = app
    for (const v of VIEWS) {
      await openView(page, v.id)
      const note = page.getByTestId(`view-note-${v.id}`)
      await note.locator('summary').click()
      expect(await note.textContent()).toMatch(/Lecture idea: .+\./)
      if (v.id === 'layers' || v.id === 'deadmap') await screenshotAtWidths(page, `help-${v.id}`)
      await note.locator('summary').click()
    }
    await page.getByTestId('glossary-open').click()
    const glossary = page.getByTestId('glossary')
    await glossary.waitFor()
    const terms = await glossary.getByTestId('glossary-term').allTextContents()
    for (const t of ['probe', 'inactive on the probe', 'dead unit', 'saturated unit', 'symlog'])
      expect(terms).toContain(t)
    for (const t of [
      /^He init/,
      /^Xavier/,
      /variance gain/,
      /batch norm/,
      /fan-in/,
      /update\/weight/
    ])
      expect(terms.some((x) => t.test(x))).toBe(true)
    await page.screenshot({ path: 'test-results/help-glossary-1400.png' })
    await page.setViewportSize({ width: 1024, height: 800 })
    await page.screenshot({ path: 'test-results/help-glossary-1024.png' })
    await page.setViewportSize({ width: 1400, height: 900 })
    await page.keyboard.press('Escape')
    await expect.poll(() => glossary.isVisible()).toBe(false)
    expect(app.errors).toEqual([])
  })
})
