/**
 * The run history end to end: a short zeros-init run (the diagnosis says its units stay
 * identical) shows its findings on the Train view when it ends; the Runs view lists it, shows
 * the same findings, opens it into the views, renames and tags it (meta.json on disk follows),
 * exports HTML and CSV (files written into the run folder and downloaded by the browser), and
 * deletes it after a confirming second click.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Download } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openView, runToEnd, screenshot, useApp, usePreset } from './harness'

const app = useApp()

describe('runs view', () => {
  it('lists, diagnoses, opens, renames, tags, exports and deletes a trained run', async () => {
    const { page } = app
    await usePreset(page, 'zeros-init', { maxSteps: 10, statsEvery: 5 })
    expect(await runToEnd(page)).toMatch(/Run completed/)
    const trainFindings = page.getByTestId('train-findings').getByTestId('finding')
    await trainFindings.first().waitFor()
    const liveCodes = await trainFindings.evaluateAll((els) => els.map((e) => e.dataset.code))
    expect(liveCodes).toContain('symmetric-units')

    await openView(page, 'runs')
    const row = page.getByTestId('run-row')
    await row.first().waitFor()
    expect(await row.count()).toBe(1)
    const runId = (await row.getAttribute('data-run-id'))!
    const runDir = join(app.mode.ctx.runsDir, runId)
    expect(await row.getByTestId('run-row-status').textContent()).toBe('completed')
    await row.getByTestId('run-row-name').click()

    // The stored run's findings are those the Train view showed, with evidence in words.
    const findings = page.getByTestId('runs-findings').getByTestId('finding')
    await findings.first().waitFor()
    expect(await findings.evaluateAll((els) => els.map((e) => e.dataset.code))).toEqual(liveCodes)
    const symmetric = page.locator('[data-testid="runs-findings"] [data-code="symmetric-units"]')
    expect(await symmetric.getByTestId('finding-severity').textContent()).toMatch(/problem|warning/)
    expect((await symmetric.getByTestId('finding-evidence').textContent())!.length).toBeGreaterThan(
      20
    )
    // Its likely cause, one line with the measured spread: the zeros initializer.
    const cause = symmetric.getByTestId('finding-cause')
    expect(await cause.getAttribute('data-code')).toBe('symmetric-init')
    expect((await cause.textContent())!.trim()).toMatch(
      /^Likely cause: dense_1 starts with initializer zeros: the spread of its units' weights is 0 at step 0/
    )
    await screenshot(page, 'runs-finding-cause')

    await page.getByTestId('run-open').click()
    await page.getByTestId('run-message').getByText('Opened').waitFor()
    await openView(page, 'train')
    await page.getByText(`Showing the stored run ${runId}`).waitFor()
    expect(await page.getByTestId('progress-step').textContent()).toBe('10')
    await openView(page, 'runs')
    await row.getByTestId('run-row-name').click()

    await page.getByTestId('run-name').fill('Zeros baseline')
    await page.getByTestId('run-rename').click()
    await expect.poll(() => row.getByTestId('run-row-name').textContent()).toBe('Zeros baseline')
    for (const tag of ['zeros', 'symmetry']) {
      await page.getByTestId('run-tag-input').fill(tag)
      await page.getByTestId('run-tag-add').click()
      await expect.poll(() => row.getByTestId('run-row-tags').textContent()).toContain(tag)
    }
    await page.getByTestId('run-untag-symmetry').click()
    await expect.poll(() => row.getByTestId('run-row-tags').textContent()).toBe('zeros')
    const meta = JSON.parse(await readFile(join(runDir, 'meta.json'), 'utf8'))
    expect(meta).toEqual({ displayName: 'Zeros baseline', tags: ['zeros'] })

    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await page.getByTestId('export-csv').check()
    await page.getByTestId('export-run').click()
    await page.getByTestId('export-done-csv').waitFor({ timeout: 30_000 })
    await page.getByTestId('export-done-html').waitFor()
    expect(await page.getByTestId('export-folder').textContent()).toContain(join(runDir, 'export'))
    const written = (await readdir(join(runDir, 'export'))).sort()
    // The report is named after the run as renamed, and when it started (reportBaseName).
    const report = written.find((f) => f.endsWith('.html')) ?? ''
    expect(report).toMatch(/^zeros-baseline-\d{8}-\d{4}-report\.html$/)
    expect(written).toEqual(['epochs.csv', 'layers.csv', 'steps.csv', report].sort())
    for (const file of written)
      expect((await stat(join(runDir, 'export', file))).size).toBeGreaterThan(0)
    expect(await readFile(join(runDir, 'export', report), 'utf8')).toContain('symmetric')
    await expect.poll(() => downloads.length).toBe(4)
    const saved = await Promise.all(
      downloads.map(async (d) => [d.suggestedFilename(), await d.path()] as const)
    )
    expect(saved.map(([name]) => name).sort()).toEqual(written)
    for (const [, path] of saved) expect((await stat(path)).size).toBeGreaterThan(0)
    await screenshot(page, 'runs-history')

    await page.getByTestId('run-delete').click()
    expect(await page.getByTestId('run-delete').textContent()).toMatch(/Really delete/)
    expect(await readdir(app.mode.ctx.runsDir)).toContain(runId)
    await page.getByTestId('run-delete').click()
    await page.getByTestId('runs-empty').waitFor()
    expect(await readdir(app.mode.ctx.runsDir)).not.toContain(runId)
    expect(app.errors).toEqual([])
  })

  it('hands two ticked runs to the Compare view, which opens both side by side', async () => {
    const { page } = app
    for (const preset of ['sigmoid-deep', 'relu-he']) {
      await usePreset(page, preset, { maxSteps: 10, statsEvery: 5 })
      await runToEnd(page)
    }
    await openView(page, 'runs')
    const rows = page.getByTestId('run-row')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await page.getByTestId('runs-compare').isDisabled()).toBe(true)
    const ids = await rows.evaluateAll((els) => els.map((e) => e.dataset.runId))
    for (let i = 0; i < 2; i++) await rows.nth(i).locator('input[type="checkbox"]').check()
    await page.getByTestId('runs-compare').click()
    await page.getByTestId('view-compare').waitFor()
    await expect.poll(() => page.getByTestId('compare-column').count()).toBe(2)
    const picked = await Promise.all(
      [0, 1].map((i) => page.getByTestId(`compare-run-${i}`).inputValue())
    )
    expect(picked).toEqual(ids)
    expect(app.errors).toEqual([])
  })
})
