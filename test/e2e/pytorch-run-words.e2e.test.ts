/**
 * A PyTorch run in the app says what the script told it and nothing it cannot know: while it is
 * watched, the Train view names the PyTorch run, keeps Start disabled and shows no preset; its
 * data line gives the dataset facts passed to Probe(dataset=…) and the script's normalization;
 * after Probe.evaluate() the test and validation confusion matrices appear as for engine runs.
 * A real probe-written run (python/trainscape_probe on Debian's torch) in real Chromium.
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

describe.skipIf(missing !== null)('a PyTorch run in words', () => {
  it('is watched as a PyTorch run, with its dataset facts, then shows its evaluation', async () => {
    const folder = join(app.dataRoot, 'torch-words')
    await mkdir(folder)
    const page = app.page
    await openView(page, 'runs')
    await page.getByTestId('run-source-path').fill(folder)
    await page.getByTestId('run-source-watch').click()
    await page.getByTestId('run-source-message').getByText(`Watching ${folder}`).waitFor()

    job = spawn(
      PYTHON,
      [
        join(FIXTURES, 'evaluate.py'),
        folder,
        join(app.dataRoot, 'dump.json'),
        '--dataset',
        '--steps',
        '200',
        '--sleep',
        '0.05'
      ],
      { env: { ...process.env, PYTHONPATH: PACKAGE, OMP_NUM_THREADS: '1' }, stdio: 'ignore' }
    )
    const row = page.getByTestId('run-row').filter({ hasText: 'evaluated' })
    await row.waitFor({ timeout: 30_000 })
    await row.getByTestId('run-row-name').click()
    const data = page.getByTestId('run-dataset')
    await data.waitFor()
    expect(await data.textContent()).toContain(
      'Data: shapes (generated), 4 classes (train 400, val 100, test 100 examples), input'
    )
    expect(await page.getByTestId('run-normalization').textContent()).toContain(
      "standardized per channel with the PyTorch script's mean 0.500, std 0.250"
    )
    await page.getByTestId('run-open').click()
    await openView(page, 'train')
    const watching = page.getByTestId('train-watching')
    await watching.waitFor()
    expect(await watching.textContent()).toMatch(
      /^\s*Watching a PyTorch run: evaluated\. Its model,\s+data and training come from the PyTorch script/
    )
    expect(await page.getByTestId('status-source').textContent()).toBe(
      'data: from the process writing the run'
    )
    expect(
      await page.getByTestId('progress-step').evaluate((b) => b.parentElement!.textContent)
    ).toMatch(/of 200,/)

    expect(await page.getByTestId('run-start').isDisabled()).toBe(true)
    expect(await page.getByTestId('preset-select').count()).toBe(0)
    expect(await page.getByTestId('run-following').textContent()).toBe(
      'Watching a PyTorch run: pause or stop it in its script.'
    )
    expect(await page.getByTestId('train-normalization').textContent()).not.toMatch(/predates/)
    await screenshot(page, 'pytorch-train-watching')

    await new Promise((done) => job!.once('exit', done))
    await page.getByText(/Run completed/).waitFor({ timeout: 30_000 })
    await page.getByTestId('train-evaluation').waitFor()
    expect(await page.getByTestId('run-end').textContent()).toMatch(
      /Validation accuracy 0\.\d+, loss .*\. Test accuracy 0\.\d+, loss /
    )
    expect(await page.getByTestId('run-start').isDisabled()).toBe(false)
    expect(await page.getByTestId('preset-select').count()).toBe(1)
    for (const split of ['val', 'test']) {
      const matrix = page.getByTestId(`confusion-${split}`)
      expect(await matrix.getByTestId('confusion-row').count()).toBe(4)
      expect(await matrix.getByTestId('confusion-accuracy').textContent()).toMatch(/^\d+\.\d %$/)
    }
    await screenshot(page, 'pytorch-train-evaluated')
    await openView(page, 'runs')
    await row.getByTestId('run-row-name').click()
    await page.getByTestId('runs-evaluation').getByTestId('confusion-test').waitFor()
    await screenshot(page, 'pytorch-runs-detail')
    // No image files were read, so there is no "skipped files" list to show.
    expect(await page.getByTestId('run-dataset').textContent()).not.toMatch(/skipped/i)
    expect(app.errors).toEqual([])
  })
})
