/**
 * A person's own colour images: the Data view decodes the folder before any training and names
 * the corrupt JPEG, the text file and the empty PNG with their reasons, counting only usable
 * images; the Model view shows the input shape taken from the folder (32×32×3) with the
 * parameter count and memory estimate; a run trains at that shape and lists its skipped files.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../main/contract/runs/summary'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'

let folder: string
const app = useApp(async ({ dataRoot }) => {
  folder = join(dataRoot, 'holiday')
  await writeFolder(folder, 40)
  const broken = await picture(true, 99)
  writeFileSync(join(folder, 'sunset', 'broken.jpg'), broken.subarray(0, broken.length >> 1))
  writeFileSync(join(folder, 'sea', 'notes.txt'), 'photos from the trip\n')
  writeFileSync(join(folder, 'sea', 'empty.png'), new Uint8Array())
})

/** A 32×32 colour JPEG: a warm or cool gradient with a shifted stripe, so classes differ. */
function picture(warm: boolean, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(32 * 32 * 3)
  for (let y = 0; y < 32; y++)
    for (let x = 0; x < 32; x++) {
      const i = 3 * (32 * y + x)
      const stripe = (x + seed) % 8 < 3 ? 60 : 0
      raw[i] = warm ? 160 + stripe : 30 + 2 * y
      raw[i + 1] = 40 + 3 * x
      raw[i + 2] = warm ? 30 + 2 * y : 160 + stripe
    }
  return sharp(raw, { raw: { width: 32, height: 32, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

async function writeFolder(root: string, perClass: number): Promise<void> {
  for (const [cls, warm] of [
    ['sunset', true],
    ['sea', false]
  ] as const) {
    mkdirSync(join(root, cls), { recursive: true })
    for (let i = 0; i < perClass; i++)
      writeFileSync(join(root, cls, `${i}.jpg`), await picture(warm, i))
  }
}

/** Text with runs of white space as one space. */
const words = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim()

describe('your own colour images', () => {
  it('shows decoding progress on a larger folder', async () => {
    const big = join(app.dataRoot, 'big')
    await writeFolder(big, 600)
    await openView(app.page, 'data')
    await app.page.getByTestId('source-path').fill(big)
    await app.page.getByTestId('source-open').click()
    await app.page.getByTestId('data-overview').getByText('/big').waitFor()
    const progress = app.page.getByTestId('decode-progress')
    // Best effort: the shot shows the bar when decoding is still under way.
    await screenshot(app.page, 'data-decoding-progress')
    await progress
      .getByText(/^Decoded 1,200 files: 1,200 usable, 0 skipped/)
      .waitFor({ timeout: 120_000 })
  })

  it('names the corrupt JPEG, the text file and the empty PNG before any training', async () => {
    await app.page.getByTestId('source-path').fill(folder)
    await app.page.getByTestId('source-open').click()
    const progress = app.page.getByTestId('decode-progress')
    await progress.getByText(/^Decoded 83 files: 80 usable, 3 skipped/).waitFor({ timeout: 60_000 })
    const skipped = app.page.getByTestId('skipped-files')
    await expect.poll(() => skipped.locator('li').count()).toBe(3)
    const text = ((await skipped.textContent()) ?? '').replace(/\s+/g, ' ')
    expect(text).toMatch(/Skipped files \(3\)/)
    expect(text).toMatch(/sunset\/broken\.jpg\s*(truncated|corrupt image data)/)
    expect(text).toMatch(/sea\/notes\.txt\s*not an image/)
    expect(text).toMatch(/sea\/empty\.png\s*empty file \(0 bytes\)/)
    const overview = (await app.page.getByTestId('data-overview').locator('h3').textContent()) ?? ''
    expect(overview).toMatch(/80 usable images of 83 files, 2 classes/)
    expect(words(await app.page.getByTestId('image-sizes').textContent())).toMatch(
      /min 32×32, median 32×32, max 32×32; 80 of 80 in colour/
    )
    expect(words(await app.page.getByTestId('input-shape-line').textContent())).toMatch(
      /Input shape: 32 × 32 × 3 \(from the folder/
    )
    await screenshotAtWidths(app.page, 'data-own-images')
  })

  it('takes a 32×32×3 input from the folder by default and trains at it', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 10, statsEvery: 5 })
    const derived = app.page.getByTestId('derived-shape')
    await derived.getByText('32 × 32 × 3').waitFor()
    expect(await app.page.getByTestId('input-from-folder').isChecked()).toBe(true)
    // relu-he: six dense layers of 128 on 3,072 inputs, two classes
    const params = 3072 * 128 + 128 + 5 * (128 * 128 + 128) + 128 * 2 + 2
    expect(await app.page.getByTestId('parameter-count').textContent()).toContain(
      params.toLocaleString('en-US')
    )
    expect(await app.page.getByTestId('memory-estimate').textContent()).toMatch(
      /training needs ≈ [\d.]+ MB of the [\d.]+ GB budget/
    )
    await screenshotAtWidths(app.page, 'model-own-images')
    expect(await runToEnd(app.page)).toMatch(/Run completed/)
    await app.mode.ctx.training.idle()
    const status = app.mode.ctx.training.status()
    const summary = JSON.parse(
      await readFile(join(status!.runDir, 'summary.json'), 'utf8')
    ) as RunSummary
    expect(summary.dataset?.inputShape).toEqual([32, 32, 3])
    expect(summary.dataset?.skippedCount).toBe(3)
    // 80 usable images, a fifth held out: under 64 training images, one batch per epoch, 3 epochs
    expect(summary.status).toBe('completed')
    expect(summary.steps).toBe(3)
    // Set by hand: 16 px wide, grey; the parameter count follows (16·32 inputs to the first layer)
    await openView(app.page, 'model')
    await app.page.getByTestId('input-set').check()
    await app.page.getByTestId('input-width').fill('16')
    await app.page.getByTestId('input-channels').selectOption('1')
    const grey = 16 * 32 * 128 + 128 + 5 * (128 * 128 + 128) + 128 * 2 + 2
    await app.page.getByTestId('parameter-count').getByText(grey.toLocaleString('en-US')).waitFor()
    await screenshot(app.page, 'model-input-set')
  })

  it('lists the run’s skipped files in the Runs view', async () => {
    await openView(app.page, 'runs')
    await app.page.getByText('relu-he').first().click()
    const dataset = app.page.getByTestId('run-dataset')
    await dataset.waitFor()
    expect(await dataset.textContent()).toMatch(
      /input 32 × 32 × 3[\s\S]*Skipped files \(3\)[\s\S]*broken\.jpg/
    )
    await screenshot(app.page, 'runs-skipped-files')
    expect(app.errors).toEqual([])
  })
})
