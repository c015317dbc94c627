/**
 * Watching a PyTorch training live: the Runs view watches a folder, a Python training started by
 * the test (python/trainscape_probe, Debian's torch) writes a run there, the run appears by
 * itself, opens while it is written, and its dead-neuron map gains probes as the job goes on.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURES, PACKAGE, PYTHON, torchMissing } from '../python/python-torch'
import { openView, screenshot, startApp, type App } from './harness'

const missing = torchMissing()
let app: App
let job: ChildProcess | null = null

beforeAll(async () => {
  if (!missing) app = await startApp()
})
afterAll(async () => {
  job?.kill('SIGKILL')
  await app?.close()
})

async function probesShown(): Promise<number> {
  return Number(await app.page.getByTestId('deadmap-scrubber').getAttribute('max')) + 1
}

describe.skipIf(missing !== null)('a PyTorch run watched live', () => {
  it('appears in the watched folder and its dead-neuron map updates while it trains', async () => {
    const folder = join(app.dataRoot, 'torch-runs')
    await mkdir(folder)
    const page = app.page
    await openView(page, 'runs')
    await page.getByTestId('run-source-path').fill(folder)
    await page.getByTestId('run-source-watch').click()
    await page.getByTestId('run-source-message').getByText(`Watching ${folder}`).waitFor()

    job = spawn(
      PYTHON,
      [
        join(FIXTURES, 'train.py'),
        'relu-dying',
        folder,
        '--steps',
        '400',
        '--every',
        '10',
        '--sleep',
        '0.05'
      ],
      { env: { ...process.env, PYTHONPATH: PACKAGE, OMP_NUM_THREADS: '1' }, stdio: 'ignore' }
    )
    const row = page.getByTestId('run-row').filter({ hasText: 'torch relu-dying' })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.getByTestId('run-row-status').textContent()).toBe('running')
    expect(await row.textContent()).toContain('pytorch')
    await screenshot(page, 'pytorch-watched-runs')

    await row.getByTestId('run-row-name').click()
    await page.getByTestId('run-open').click()
    await openView(page, 'train')
    await page.getByTestId('run-following').waitFor()
    await openView(page, 'deadmap')
    const before = await probesShown()
    await screenshot(page, 'pytorch-deadmap-early')
    await expect.poll(probesShown, { timeout: 60_000, interval: 500 }).toBeGreaterThan(before + 3)
    await screenshot(page, 'pytorch-deadmap-later')
    // The first layer's units fall silent under SGD at this learning rate, as in the engine's
    // relu-dying. The probe takes no census of the training split, so the map calls them
    // inactive on the probe, not confirmed dead.
    const silent = await page
      .locator('[data-testid^="deadmap-layer-"]')
      .evaluateAll((els) =>
        els.map(
          (e) => Number(e.getAttribute('data-dead')) + Number(e.getAttribute('data-inactive'))
        )
      )
    expect(silent[0]).toBeGreaterThan(0)
    await new Promise((done) => job!.once('exit', done))
    await openView(page, 'train')
    await page.getByText(/Run completed/).waitFor({ timeout: 30_000 })
    await screenshot(page, 'pytorch-train-ended')
    expect(app.errors).toEqual([])
  })
})
