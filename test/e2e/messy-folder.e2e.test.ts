/**
 * A real-looking messy folder (issue 22): three classes in nested folders with hundreds of sound,
 * text and data side files sorted before the pictures, SVG drawings, and three broken images
 * placed late by path (a truncated PNG, a text file named .png, an empty .png). The Data view
 * names the broken images first and in full, counts the side files by extension and filters
 * them; thumbnails come from every class; summary.json and the HTML report name the broken
 * images; a reload keeps the folder, the view and the Compare selection; a folder that is gone
 * is said so, and Ctrl+Enter does not train on the sample instead.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../../main/contract/runs/summary'
import { openView, runToEnd, screenshot, screenshotAtWidths, useApp, usePreset } from './harness'

const CLASSES = ['animals', 'food', 'plants'] as const
/** Pictures per class (PNG and JPEG, several sizes, in nested folders); plants adds 2 SVGs. */
const PICTURES = 10
const SIDE = { ogg: 180, txt: 120, dat: 60 }
/** By path, as every list orders them. */
const BROKEN = ['food/zz-late/empty.png', 'plants/zz-late/cut.png', 'plants/zz-late/notes.png']

let folder: string
const app = useApp(async ({ dataRoot }) => {
  folder = join(dataRoot, 'clip-art')
  await writeMessyFolder(folder)
})

/** A w×h picture whose colour tells its class; size varies with `i`. */
function picture(cls: number, i: number) {
  const width = 30 + 4 * (i % 5)
  const height = 24 + 3 * (i % 4)
  const raw = Buffer.alloc(width * height * 3)
  for (let p = 0; p < width * height; p++) {
    const x = p % width
    raw[3 * p + cls] = 200
    raw[3 * p + ((cls + 1) % 3)] = 40 + ((x * 5 + i * 17) % 120)
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
}

const put = (rel: string, bytes: Uint8Array | string) => {
  const path = join(folder, rel)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, bytes)
}

async function writeMessyFolder(root: string): Promise<void> {
  folder = root
  for (const [c, cls] of CLASSES.entries()) {
    for (let i = 0; i < PICTURES; i++) {
      const pic = picture(c, i)
      const nested = i % 2 === 0 ? `${cls}/m-pictures` : `${cls}/m-pictures/older`
      if (i % 3 === 0) put(`${nested}/p${i}.jpg`, await pic.jpeg({ quality: 92 }).toBuffer())
      else put(`${nested}/p${i}.png`, await pic.png().toBuffer())
    }
  }
  // Side files sort before the pictures ("a-…" < "m-…"), spread over the classes and nestings.
  let n = 0
  for (const [ext, count] of Object.entries(SIDE)) {
    for (let i = 0; i < count; i++, n++) {
      const cls = CLASSES[n % 3]!
      const dir = n % 4 === 0 ? `${cls}/a-sounds/loops` : `${cls}`
      const body =
        ext === 'ogg' ? Buffer.concat([Buffer.from('OggS'), Buffer.alloc(256, n)]) : `${ext} ${n}\n`
      put(`${dir}/a-${String(n).padStart(3, '0')}.${ext}`, body)
    }
  }
  const svg = (fill: string) =>
    `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="${fill}"/><circle cx="20" cy="15" r="9" fill="#fff"/></svg>`
  put('plants/m-pictures/leaf.svg', svg('#1a9e3a'))
  put('plants/m-pictures/tree.svg', svg('#0c6b22'))
  const good = await picture(2, 99).png().toBuffer()
  put('plants/zz-late/cut.png', good.subarray(0, good.length >> 1))
  put('plants/zz-late/notes.png', 'shopping list, not a picture\n')
  put('food/zz-late/empty.png', '')
}

/** Text with runs of white space as one space. */
const words = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim()

const SIDE_TOTAL = SIDE.ogg + SIDE.txt + SIDE.dat
const FILES = CLASSES.length * PICTURES + SIDE_TOTAL + 2 + BROKEN.length
const USABLE = CLASSES.length * PICTURES + 2

describe('a messy clip-art folder', () => {
  it('names the three broken images first and in full, and counts the side files by extension', async () => {
    await openView(app.page, 'data')
    await app.page.getByTestId('source-path').fill(folder)
    await app.page.getByTestId('source-open').click()
    await app.page
      .getByTestId('decode-progress')
      .getByText(`Decoded ${FILES} files: ${USABLE} usable, ${SIDE_TOTAL + BROKEN.length} skipped`)
      .waitFor({ timeout: 120_000 })
    const kinds = words(await app.page.getByTestId('skipped-kinds').textContent())
    expect(kinds).toContain('3 broken images (3 .png)')
    expect(kinds).toContain(`${SIDE_TOTAL} not images (180 .ogg, 120 .txt, 60 .dat)`)
    const broken = app.page.getByTestId('broken-images')
    expect(await broken.locator('li').count()).toBe(3)
    const listed = words(await broken.textContent())
    // (the dash before each reason is drawn by CSS, not text)
    expect(listed).toMatch(/food\/zz-late\/empty\.png empty file \(0 bytes\)/)
    expect(listed).toMatch(/plants\/zz-late\/cut\.png (truncated|corrupt)/)
    expect(listed).toMatch(/plants\/zz-late\/notes\.png not an image/)
    // The other 360 are in a scrolled list that draws only what is in view
    const rows = await app.page.getByTestId('skipped-others').locator('li').count()
    expect(rows).toBeGreaterThan(5)
    expect(rows).toBeLessThan(60)
    await app.page.getByTestId('skipped-filter').fill('.ogg')
    expect(words(await app.page.getByTestId('skipped-filter-count').textContent())).toBe(
      '180 matches'
    )
    // Sizes are of the images only: every picture and both SVGs (side files do not count)
    expect(words(await app.page.getByTestId('image-sizes').textContent())).toMatch(
      new RegExp(`\\(width×height, ${USABLE} sampled\\)`)
    )
    await screenshotAtWidths(app.page, 'data-messy-folder')
  })

  it('shows 8 thumbnails of decoded images for every class, the SVGs among them', async () => {
    for (const cls of CLASSES) {
      const images = app.page.locator(`img[alt^="${cls} example"]`)
      await expect.poll(() => images.count(), { timeout: 30_000 }).toBe(8)
    }
    // Each thumbnail is a real picture: its data URL decodes to a 64×64 PNG.
    const src = (await app.page.locator('img[alt="plants example 1"]').getAttribute('src')) ?? ''
    const meta = await sharp(Buffer.from(src.split(',')[1] ?? '', 'base64')).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 64])
  })

  it('keeps the folder and the view across a reload', async () => {
    await app.page.reload()
    await app.page.getByTestId('view-data').waitFor()
    await app.page
      .getByTestId('data-overview')
      .getByText(/clip-art/)
      .waitFor({ timeout: 30_000 })
    await app.page.getByTestId('broken-images').waitFor({ timeout: 60_000 })
    expect(await app.page.getByTestId('broken-images').locator('li').count()).toBe(3)
    // From the cache now: the real counts, not "Decoded 0 files"
    expect(words(await app.page.getByTestId('decode-progress').textContent())).toBe(
      `Decoded ${FILES} files: ${USABLE} usable, ${SIDE_TOTAL + BROKEN.length} skipped.`
    )
  })

  it('trains on it, and summary.json and the HTML report name every broken image', async () => {
    await usePreset(app.page, 'relu-he', { maxSteps: 4, statsEvery: 2 })
    expect(await runToEnd(app.page)).toMatch(/Run completed/)
    await app.mode.ctx.training.idle()
    const runDir = app.mode.ctx.training.status()!.runDir
    const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as RunSummary
    const dataset = summary.dataset!
    expect(dataset.skippedCount).toBe(SIDE_TOTAL + BROKEN.length)
    expect(dataset.skipped.slice(0, 3).map((s) => s.path)).toEqual(BROKEN)
    expect(dataset.skippedGroups?.[0]).toEqual({
      kind: 'broken-image',
      extension: '.png',
      count: 3
    })

    await openView(app.page, 'runs')
    await app.page.getByText('relu-he').first().click()
    const runData = app.page.getByTestId('run-dataset')
    await runData.waitFor()
    expect(await runData.getByTestId('broken-images').locator('li').count()).toBe(3)
    await app.page.getByTestId('export-run').click()
    await app.page.getByTestId('export-done-html').waitFor({ timeout: 60_000 })
    const exported = await readdir(join(runDir, 'export'))
    const report = exported.find((f) => f.endsWith('-report.html'))
    expect(report).toMatch(/^relu-he-\d{8}-\d{4}-report\.html$/)
    const html = await readFile(join(runDir, 'export', report!), 'utf8')
    for (const path of BROKEN) expect(html).toContain(`<code>${path}</code>`)
    expect(html).toContain('3 broken images (3 .png)')
    await screenshotAtWidths(app.page, 'runs-messy-folder')
  })

  it('keeps the Compare selection across a reload', async () => {
    const runId = app.mode.ctx.training.status()!.runId
    await openView(app.page, 'compare')
    await app.page.getByTestId('compare-run-0').selectOption(runId)
    await app.page.getByTestId('compare-run-1').selectOption(runId)
    const columns = app.page.getByTestId('compare-column')
    await expect.poll(() => columns.count()).toBe(2)
    await app.page.reload()
    await app.page.getByTestId('view-compare').waitFor()
    // Both runs chosen again, and loaded again
    await expect.poll(() => columns.count(), { timeout: 30_000 }).toBe(2)
    expect(await app.page.getByTestId('compare-run-0').inputValue()).toBe(runId)
    expect(await app.page.getByTestId('compare-run-1').inputValue()).toBe(runId)
  })

  it('says so when the folder is gone after a reload, and Ctrl+Enter does not train on the sample', async () => {
    const runsBefore = (await readdir(app.mode.ctx.runsDir)).length
    renameSync(folder, `${folder}-moved`)
    await openView(app.page, 'train')
    await app.page.reload()
    const missing = app.page.getByTestId('source-missing')
    await app.page.getByTestId('view-train').waitFor()
    await app.page.keyboard.press('Control+Enter')
    await app.page.getByTestId('view-data').waitFor()
    expect(words(await missing.textContent())).toMatch(
      /The folder you had open, .*clip-art, cannot be opened now: .* nothing trains until you do\./
    )
    expect(await app.page.getByTestId('data-overview').count()).toBe(0)
    await screenshot(app.page, 'data-folder-gone')
    expect((await readdir(app.mode.ctx.runsDir)).length).toBe(runsBefore)
    renameSync(`${folder}-moved`, folder)
    expect(app.errors).toEqual([])
  })
})
