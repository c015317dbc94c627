/**
 * PDF rendering of the HTML report from the command line: headless Chromium driven by
 * playwright-core, with every network request refused (the report needs none). The app renders
 * with Electron's `webContents.printToPDF` instead and passes that as a `PdfRenderer`.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

/** Turns report HTML into PDF bytes. */
export type PdfRenderer = (html: string) => Promise<Uint8Array>

/** Where Chromium is looked for: $TRAINSCAPE_CHROMIUM, then the usual system paths. */
export function findChromium(): string {
  const candidates = [
    process.env.TRAINSCAPE_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome'
  ]
  const found = candidates.find(
    (p): p is string => typeof p === 'string' && p !== '' && existsSync(p)
  )
  if (!found) {
    throw new Error(
      'PDF export needs Chromium, which was not found. Install it (Debian/Ubuntu: apt-get install chromium) or set TRAINSCAPE_CHROMIUM to its path.'
    )
  }
  return found
}

/** Renders `html` to an A4 PDF with headless Chromium. Throws with the cause when it cannot. */
export const chromiumPdf: PdfRenderer = async (html) => {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  try {
    const page = await browser.newPage()
    await page.route('**/*', (route) => route.abort())
    await page.setContent(html, { waitUntil: 'load' })
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' }
    })
    return new Uint8Array(pdf)
  } finally {
    await browser.close()
  }
}

/** The part of an Electron BrowserWindow the app's PDF export uses (no electron import here). */
export interface PrintableWindow {
  loadFile(path: string): Promise<void>
  webContents: {
    printToPDF(options: { pageSize: 'A4'; printBackground: boolean }): Promise<Uint8Array>
  }
  destroy(): void
}

/**
 * A PdfRenderer for the app: `openWindow` returns a hidden, sandboxed BrowserWindow (the app
 * creates it with JavaScript disabled); the report is loaded from a temporary file (data: URLs
 * are length-limited) and printed with `webContents.printToPDF`. Untested here: no Electron.
 */
export function electronPdf(openWindow: () => Promise<PrintableWindow>): PdfRenderer {
  return async (html) => {
    const dir = await mkdtemp(join(tmpdir(), 'trainscape-pdf-'))
    const file = join(dir, 'report.html')
    const win = await openWindow()
    try {
      await writeFile(file, html)
      await win.loadFile(file)
      return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
    } finally {
      win.destroy()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
