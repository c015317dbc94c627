/**
 * PDF export inside the desktop app: prints report HTML with Electron's own Chromium (a hidden,
 * sandboxed window with JavaScript off), so the app needs no separate browser.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import type { PdfRenderer } from '../runs/export/pdf'

export const electronPdf: PdfRenderer = async (html) => {
  const dir = await mkdtemp(join(tmpdir(), 'trainscape-pdf-'))
  const file = join(dir, 'report.html')
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      javascript: false,
      nodeIntegration: false
    }
  })
  try {
    await writeFile(file, html, 'utf8')
    await win.loadFile(file)
    const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
    return new Uint8Array(pdf)
  } finally {
    win.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
