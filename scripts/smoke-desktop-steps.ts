/**
 * The steps of `npm run smoke:desktop`, on the real desktop window (Playwright's Electron page):
 * the sample, a relu-dying run that kills units, a PDF export through Electron's printToPDF, and
 * a privileged call from a frame other than the main one, which must be refused. Each step
 * throws a sentence saying what went wrong. In-page code is written as strings: it runs in the
 * window, not under this file's Node types.
 */
import { execFileSync } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { openView, runToEnd, screenshot, usePreset } from '../test/e2e/harness'

/** Short relu-dying run (the e2e test's): kills ~40% of the first layer's units by step 30. */
const SHORT = { maxSteps: 80, statsEvery: 10, learningRate: 0.3 }

export async function sampleLoads(page: Page): Promise<string> {
  await openView(page, 'data')
  await page.getByTestId('data-overview').waitFor({ timeout: 60_000 })
  const classes = await page.getByTestId('class-row').count()
  if (classes < 2) throw new Error(`the Data view shows ${classes} classes for the sample`)
  // Thumbnails are decoded by main and sent over IPC: the sample's images really load.
  const thumbnails = page.getByAltText(/ example \d+$/)
  await thumbnails.first().waitFor({ timeout: 60_000 })
  await screenshot(page, 'smoke-desktop-data')
  return `the sample shows ${classes} classes and ${await thumbnails.count()} thumbnails`
}

export async function reluDyingKillsUnits(page: Page): Promise<string> {
  await usePreset(page, 'relu-dying', SHORT)
  const end = await runToEnd(page)
  if (!/Run completed/.test(end)) throw new Error(`relu-dying ended with "${end}"`)
  await openView(page, 'deadmap')
  const scrubber = page.getByTestId('deadmap-scrubber')
  await scrubber.fill(String(await scrubber.getAttribute('max')))
  const dead = await page
    .locator('[data-testid^="deadmap-layer-"]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-dead'))))
  if (!dead.some((f) => f > 0)) throw new Error(`the dead-neuron map shows no dead unit (${dead})`)
  await screenshot(page, 'smoke-desktop-deadmap')
  return `dead fractions per layer ${dead.map((f) => f.toFixed(2)).join(', ')}`
}

export async function exportsPdf(page: Page, runsDir: string): Promise<string> {
  await openView(page, 'runs')
  const row = page.getByTestId('run-row').first()
  await row.waitFor()
  const runId = await row.getAttribute('data-run-id')
  await row.getByTestId('run-row-name').click()
  await page.getByTestId('export-pdf').check()
  await page.getByTestId('export-run').click()
  await page.getByTestId('export-done-pdf').waitFor({ timeout: 60_000 })
  const dir = join(runsDir, runId ?? '', 'export')
  // The report is named after the run (reportBaseName): <name>-<start>-report.pdf
  const pdfName = (await readdir(dir)).find((f) => f.endsWith('-report.pdf'))
  if (!pdfName) throw new Error(`${dir} holds no <name>-report.pdf`)
  const pdf = await readFile(join(dir, pdfName))
  if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error(`${dir}/${pdfName} is no PDF`)
  try {
    // The first page as a picture beside the screenshots, to look at.
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      join(dir, pdfName),
      join('test-results', 'smoke-desktop-report')
    ])
  } catch {
    // poppler-utils is optional here
  }
  return `${(await readdir(dir)).join(', ')} written (${pdfName} ${pdf.length} bytes)`
}

/** Creates a sandboxed sub-frame and tries a privileged call from it; returns what happened. */
const CALL_FROM_SUBFRAME = `(async () => {
  if (window.api) {
    const answer = await window.api.invoke('settings:get')
    return answer.ok ? 'answered' : 'refused: ' + answer.error
  }
  try {
    const api = window.parent.api
    if (!api) return 'refused: no api in this frame or its parent'
    const answer = await api.invoke('settings:get')
    return answer.ok ? 'answered' : 'refused: ' + answer.error
  } catch (e) {
    return 'refused: ' + e.name + ' ' + e.message
  }
})()`

export async function subFrameIsRefused(page: Page): Promise<string> {
  const control = await page.evaluate<{ ok: boolean }>(`window.api.invoke('app:info')`)
  if (!control.ok) throw new Error('the main frame itself was refused (app:info)')
  await page.evaluate(`(() => {
    const frame = document.createElement('iframe')
    frame.name = 'smoke-subframe'
    frame.setAttribute('sandbox', 'allow-scripts')
    frame.srcdoc = '<p>another frame</p>'
    document.body.append(frame)
  })()`)
  let frame = page.frames().find((f) => f.name() === 'smoke-subframe')
  for (let waited = 0; !frame && waited < 5000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100))
    frame = page.frames().find((f) => f.name() === 'smoke-subframe')
  }
  if (!frame) throw new Error('the sub-frame did not appear')
  const outcome = await frame.evaluate<string>(CALL_FROM_SUBFRAME)
  if (!outcome.startsWith('refused')) throw new Error(`a sub-frame's call was ${outcome}`)
  return outcome
}
