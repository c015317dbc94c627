/**
 * PDF rendering of the HTML report from the command line and browser mode: headless Chromium
 * driven by playwright-core, with every network request refused (the report needs none). The
 * desktop app renders with Electron's `webContents.printToPDF` instead (main/app/electron-pdf.ts)
 * and passes that as a `PdfRenderer`. playwright-core, a development tool, is loaded only when a
 * PDF is made here, so the desktop main process never loads it.
 */
import { existsSync } from 'node:fs'

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
  const { chromium } = await import('playwright-core')
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
