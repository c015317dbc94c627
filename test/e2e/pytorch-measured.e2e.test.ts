/**
 * What the PyTorch probe measured, as a person sees it: a net with GELU/SiLU/Mish/Softplus and an
 * unknown activation module, and an LSTM net, written by python/trainscape_probe into a watched
 * folder. The Layers table names the unknown activation, shows the inactive fraction where
 * "dead" does not apply and what each layer's numbers rest on; the LSTM run says which modules are
 * not measured (Layers and Findings); neither run offers "Load config" or "Re-run", and the Runs
 * panel says why.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runFixture, torchMissing } from '../python/python-torch'
import { openView, screenshot, startApp, type App } from './harness'

const missing = torchMissing()
let app: App

beforeAll(async () => {
  if (!missing) app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

async function openRun(name: string): Promise<void> {
  const page = app.page
  await openView(page, 'runs')
  const row = page.getByTestId('run-row').filter({ hasText: name })
  await row.waitFor({ timeout: 30_000 })
  await row.getByTestId('run-row-name').click()
}

describe.skipIf(missing !== null)('a PyTorch run as the probe measured it', () => {
  it('names unknown activations, shows inactive units, samples, unmeasured modules and an inexact config', async () => {
    const folder = join(app.dataRoot, 'torch-measured')
    await mkdir(folder)
    for (const net of ['smooth', 'lstm'])
      await runFixture('architectures.py', [net, folder, join(app.dataRoot, `${net}.json`)])
    const page = app.page
    await openView(page, 'runs')
    await page.getByTestId('run-source-path').fill(folder)
    await page.getByTestId('run-source-watch').click()

    await openRun('arch smooth')
    await expect.poll(() => page.getByTestId('run-load-config').isDisabled()).toBe(true)
    expect(await page.getByTestId('run-rerun').isDisabled()).toBe(true)
    expect(await page.getByTestId('run-config-differs').textContent()).toMatch(
      /not the model that trained it.*mish has no Trainscape equivalent/s
    )
    await screenshot(page, 'pytorch-measured-runs-panel')
    await page.getByTestId('run-open').click()
    await openView(page, 'layers')
    const table = page.getByTestId('layer-table')
    await table.waitFor()
    expect(await table.textContent()).toContain('unknown activation (Swish)')
    expect(await page.getByTestId('sample-0').textContent()).toBe('on 128 examples')
    expect(await page.getByTestId('dead-1').textContent()).toMatch(/^25\.0% inactive$/)
    await screenshot(page, 'pytorch-measured-layers')

    await openRun('arch lstm')
    await page.getByTestId('run-open').click()
    await openView(page, 'layers')
    expect(await page.getByTestId('coverage-note').textContent()).toMatch(
      /1 of 2 modules not measured \(LSTM rnn; 99% of the parameters\)/
    )
    await screenshot(page, 'pytorch-measured-lstm-layers')
    await openRun('arch lstm')
    const findings = page.locator('[data-testid="finding"][data-code="not-measured"]')
    await findings.first().waitFor({ timeout: 30_000 })
    await screenshot(page, 'pytorch-measured-lstm-findings')
    expect(app.errors).toEqual([])
  }, 300_000)
})
