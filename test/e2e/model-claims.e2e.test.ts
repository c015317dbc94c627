/**
 * The Model view's input normalization and its check of the lecture's claims, in Chromium on
 * browser mode: the normalize choice says what it does and reaches the run (Train and Runs say
 * which normalization a run used), and a claims check of one preset on one seed runs in the
 * host's worker to a table of measured numbers, refusing training meanwhile.
 */
import { describe, expect, it } from 'vitest'
import { CLAIM_PRESETS } from '../../main/app/claims-check/claims-check'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'

const app = useApp()

describe('input normalization in the Model view', () => {
  it('explains each choice, shows the data statistics, and the run records what it used', async () => {
    const { page } = app
    await usePreset(page, 'relu-he', { maxSteps: 4, statsEvery: 2 })
    expect(await page.getByTestId('normalize-standardize').isChecked()).toBe(true)
    expect(await page.getByTestId('normalize-words').textContent()).toMatch(
      /standard deviation.*training split.*cached/
    )
    // The sample is grey: one mean and one std, measured when the Data view decoded it.
    await page.getByTestId('normalize-measured').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('normalize-measured').textContent()).toMatch(
      /^this data's training split:\s+mean 0\.\d{3}, std 0\.\d{3}$/
    )

    await page.getByTestId('normalize-none').check()
    expect(await page.getByTestId('normalize-words').textContent()).toMatch(/byte \/ 255/)
    expect(await page.getByTestId('normalize-measured').textContent()).toMatch(
      /^standardize would use:\s+mean 0\.\d{3}/
    )
    expect(await page.getByTestId('model-modified').textContent()).toMatch(/normalize/)
    await screenshot(page, 'model-normalize-none')
    await runToEnd(page)
    expect(await page.getByTestId('train-normalization').textContent()).toMatch(
      /Input normalization: none \(pixels as byte \/ 255/
    )

    await openView(page, 'model')
    await page.getByTestId('normalize-standardize').check()
    await runToEnd(page)
    expect(await page.getByTestId('train-normalization').textContent()).toMatch(
      /standardized per channel with the training split's mean 0\.\d{3}, std 0\.\d{3}/
    )
    await screenshot(page, 'train-normalization')
    await openView(page, 'runs')
    const rows = page.getByTestId('run-row')
    await expect.poll(() => rows.count()).toBe(2)
    // Newest first: the standardized run, then the one on raw pixels.
    await rows.nth(1).getByTestId('run-row-name').click()
    await expect
      .poll(() => page.getByTestId('run-normalization').textContent())
      .toMatch(/none \(pixels as byte \/ 255/)
    await rows.nth(0).getByTestId('run-row-name').click()
    await expect
      .poll(() => page.getByTestId('run-normalization').textContent())
      .toMatch(/standardized per channel/)
    await screenshot(page, 'runs-normalization')
    expect(app.errors).toEqual([])
  })

  it('offers per-pixel normalization, and the run says it used the training split mean image', async () => {
    const { page } = app
    await openView(page, 'model')
    await page.getByTestId('normalize-per-pixel').check()
    expect(await page.getByTestId('normalize-words').textContent()).toMatch(
      /each pixel minus its own mean over the training split \(the mean image\)/i
    )
    await screenshot(page, 'model-normalize-per-pixel')
    await runToEnd(page)
    // 28×28 grey: 784 means and stds, summed up by their range and average.
    expect(await page.getByTestId('train-normalization').textContent()).toMatch(
      /standardized per pixel with the training split's mean image 0\.\d{3} to 0\.\d{3}, average 0\.\d{3}; std .*\(784 values each\)/
    )
    await screenshot(page, 'train-normalization-per-pixel')
    expect(app.errors).toEqual([])
  })
})

describe("checking the lecture's claims from the Model view", () => {
  it('checks relu-he on seed 1 of the sample and shows measured numbers next to the bounds', async () => {
    const { page } = app
    await openView(page, 'model')
    const panel = page.getByTestId('claims-check')
    // The presets panel links down to the check.
    await page.getByTestId('claims-jump').click()
    const inView = () => panel.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)
    await expect.poll(inView).toBe(true)
    await expect
      .poll(() => panel.getByTestId('claims-preset').locator('option').count())
      .toBe(CLAIM_PRESETS.length + 1)
    await panel.getByTestId('claims-seeds').fill('1, 1')
    expect(await panel.getByTestId('claims-seeds-error').textContent()).toBe(
      'A seed is listed twice.'
    )
    expect(await panel.getByTestId('claims-start').isDisabled()).toBe(true)
    await panel.getByTestId('claims-seeds').fill('1')
    await panel.getByTestId('claims-preset').selectOption('relu-he')
    await panel.getByTestId('claims-start').click()
    await panel.getByTestId('claims-progress').waitFor()

    // Training is refused while the check runs, with a message saying why.
    await openView(page, 'train')
    await page.getByTestId('run-start').click()
    expect(await page.getByTestId('run-error').textContent()).toMatch(
      /A claims check is running.*Cancel it in the Model view or wait/
    )
    await openView(page, 'model')
    // The view came back: its form shows what the running check asked for.
    await expect.poll(() => panel.getByTestId('claims-seeds').inputValue()).toBe('1')
    await expect.poll(() => panel.getByTestId('claims-preset').inputValue()).toBe('relu-he')

    const outcome = panel.getByTestId('claims-outcome')
    await outcome.waitFor({ timeout: 150_000 })
    expect(await outcome.textContent()).toMatch(
      /Checked on the bundled sample, seed 1: [01] of 1 claim held on every seed\./
    )
    const table = panel.getByTestId('claims-table')
    expect(await table.getByTestId('claims-row-claim').textContent()).toContain('relu-he')
    const measured = await table
      .getByTestId('claims-row-check')
      .getByTestId('claims-measured')
      .allTextContents()
    expect(measured.length).toBeGreaterThan(0)
    // Each is one measured number (one seed), e.g. the ratio of Var(pre) last / first ~ 1.
    for (const text of measured) expect(Number.isFinite(Number(text))).toBe(true)
    expect(Number(measured[0])).toBeGreaterThan(0.3)
    expect(Number(measured[0])).toBeLessThan(3)
    await screenshotAtWidths(page, 'model-claims')
    expect(app.errors).toEqual([])
  })

  it('cancels a check of every preset', async () => {
    const { page } = app
    const panel = page.getByTestId('claims-check')
    await panel.getByTestId('claims-preset').selectOption('')
    await panel.getByTestId('claims-start').click()
    await panel
      .getByTestId('claims-progress')
      .getByText(`Training claim 1 of ${CLAIM_PRESETS.length}`, { exact: false })
      .waitFor()
    await panel.getByTestId('claims-cancel').click()
    await expect.poll(() => panel.getByTestId('claims-outcome').textContent()).toMatch(/Cancelled/)
    expect(await panel.getByTestId('claims-start').isDisabled()).toBe(false)
    expect(app.errors).toEqual([])
  })
})
