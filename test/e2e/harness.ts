/**
 * The end-to-end harness: browser mode (the real server, handlers and trainer worker) on an
 * ephemeral port over the built UI, and Debian's Chromium driven by playwright-core in software
 * WebGL. Data roots and run folders live in a fresh temporary directory per test file.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startBrowserMode, type BrowserMode } from '../../main/server/browser-mode'
import { launchSoftwareChromium } from '../helpers/software-chromium'

export const ARTIFACTS = resolve('test-results')

export interface App {
  mode: BrowserMode
  browser: Browser
  page: Page
  url: string
  /** A data root holding `empty/` (a folder with no images, only a text file). */
  dataRoot: string
  /** Page errors and console errors seen so far (a test asserts there are none). */
  errors: string[]
  close(): Promise<void>
}

/** Starts browser mode and opens its URL (token included) in a fresh Chromium page. */
export async function startApp(): Promise<App> {
  const temp = await mkdtemp(join(tmpdir(), 'trainscape-e2e-'))
  const dataRoot = join(temp, 'data')
  await mkdir(join(dataRoot, 'empty'), { recursive: true })
  await writeFile(join(dataRoot, 'empty', 'notes.txt'), 'not an image\n')
  const mode = await startBrowserMode({
    rendererDir: resolve('out/renderer'),
    host: '127.0.0.1',
    port: 0,
    dataRoots: [dataRoot],
    runsDir: join(temp, 'runs'),
    userData: join(temp, 'user'),
    version: 'e2e'
  })
  const browser = await launchSoftwareChromium()
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    // Failed requests are reported (with their URL) by the response listener below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(m.text())
  })
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname
    if (r.status() >= 400 && path !== '/favicon.ico') errors.push(`${r.status()} ${path}`)
  })
  await page.goto(mode.server.url)
  await page.getByTestId('status-bar').getByText('browser').waitFor()
  return {
    mode,
    browser,
    page,
    url: mode.server.url,
    dataRoot,
    errors,
    async close() {
      await browser.close()
      await mode.close()
      // The server may still be writing its image cache as it stops: retry the removal.
      await rm(temp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    }
  }
}

/**
 * The app for one test file: started before its tests (then `prepare`, if given, runs on it) and
 * closed after them. The object returned is filled in by that start, so read its fields inside
 * tests and hooks, not at the file's top level.
 */
export function useApp(prepare?: (app: App) => Promise<void>): App {
  const app = {} as App
  let started: App | undefined
  beforeAll(async () => {
    started = await startApp()
    Object.assign(app, started)
    await prepare?.(app)
  })
  afterAll(async () => {
    await started?.close()
  })
  return app
}

/**
 * Saves a screenshot of the whole current view as test-results/<name>.png: the window is made
 * as tall as the view's content for the shot (the view scrolls inside the app shell).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  const size = page.viewportSize() ?? { width: 1400, height: 900 }
  const content = await page.locator('main').evaluate((m) => m.scrollHeight + 40)
  await page.setViewportSize({
    width: size.width,
    height: Math.max(size.height, Math.min(content, 4000))
  })
  await page.screenshot({ path })
  await page.setViewportSize(size)
  return path
}

/** The window widths every view is checked at. */
export const SCREENSHOT_WIDTHS = [1024, 1400, 1920] as const

/**
 * Saves test-results/<name>-<width>.png at each of SCREENSHOT_WIDTHS (after `settle` ms for
 * charts' resize observers to redraw), then restores the window's size.
 */
export async function screenshotAtWidths(page: Page, name: string, settle = 0): Promise<void> {
  const size = page.viewportSize() ?? { width: 1400, height: 900 }
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    if (settle > 0) await page.waitForTimeout(settle)
    await screenshot(page, `${name}-${width}`)
  }
  await page.setViewportSize(size)
}

/** Opens a view from the sidebar. */
export async function openView(page: Page, id: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click()
  await page.getByTestId(`view-${id}`).waitFor()
}

export interface PresetOverrides {
  maxSteps: number
  statsEvery: number
  learningRate?: number
  epochs?: number
  schedule?: 'constant' | 'cosine'
}

/**
 * Loads a preset in the Model view and shortens it for a test through the editor's own fields:
 * `maxSteps` optimizer steps, a probe every `statsEvery` steps, optionally another learning rate,
 * epoch count or learning-rate schedule.
 */
export async function usePreset(page: Page, preset: string, o: PresetOverrides): Promise<void> {
  await openView(page, 'model')
  await page.getByTestId(`preset-${preset}`).click()
  await page.getByTestId('setting-max-steps').fill(String(o.maxSteps))
  await page.getByTestId('setting-stats-every').fill(String(o.statsEvery))
  if (o.learningRate !== undefined)
    await page.getByTestId('setting-lr').fill(String(o.learningRate))
  if (o.epochs !== undefined) await page.getByTestId('setting-epochs').fill(String(o.epochs))
  if (o.schedule !== undefined)
    await page.getByTestId('setting-lr-schedule').selectOption(o.schedule)
  await page.getByTestId('model-validity').getByText('valid').waitFor()
}

/** Starts the run from the Train view and waits until it ends; returns the end line's text. */
export async function runToEnd(page: Page, timeoutMs = 150_000): Promise<string> {
  await openView(page, 'train')
  await page.getByTestId('run-start').click()
  const end = page.getByTestId('run-end')
  await end.waitFor({ timeout: timeoutMs })
  return (await end.textContent()) ?? ''
}
