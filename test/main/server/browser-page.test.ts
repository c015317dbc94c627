/**
 * The served UI in a real Chromium: it loads under the CSP without violations, its own
 * WebSocket is allowed ('self'), the contract answers over it, and inline script is blocked.
 */
import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserMode } from '../../../main/server/browser-mode'
import { CHROMIUM_PATH, launchSoftwareChromium } from '../../helpers/software-chromium'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { startTestBrowserMode } from './test-browser-mode'

let dir: string
let mode: BrowserMode
let browser: Browser

beforeAll(async () => {
  dir = await tempDir('page')
  mode = await startTestBrowserMode(dir)
  browser = await launchSoftwareChromium()
})
afterAll(async () => {
  await browser?.close()
  await mode.close()
  await removeTempDirs()
})

// In-page code is written as strings: it runs in Chromium, not under this file's Node types.
const RECORD_VIOLATIONS = `
  window.violations = []
  document.addEventListener('securitypolicyviolation', (e) =>
    window.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber))`
const ASK_APP_INFO = `new Promise((resolve) => {
  const socket = new WebSocket(new URL('ws', location.href).href.replace(/^http/, 'ws'))
  socket.addEventListener('message', (e) => resolve(JSON.parse(String(e.data))))
  socket.addEventListener('open', () => socket.send(JSON.stringify({ id: 99, channel: 'app:info' })))
})`
const INJECT_SCRIPT = `(() => {
  const script = document.createElement('script')
  script.textContent = 'window.injected = true'
  document.body.append(script)
})()`

describe.runIf(existsSync(CHROMIUM_PATH))('the served page in Chromium', () => {
  it('loads without CSP violations, talks to the server over its own WebSocket, and blocks inline script', async () => {
    const page = await browser.newPage()
    await page.addInitScript({ content: RECORD_VIOLATIONS })
    const response = await page.goto(mode.server.url)
    expect(response?.status()).toBe(200)
    await page.waitForLoadState('networkidle')
    expect(await page.evaluate<string[]>('window.violations')).toEqual([])

    const answer = await page.evaluate<{ id: number; result: { value: { mode: string } } }>(
      ASK_APP_INFO
    )
    expect(answer.id).toBe(99)
    expect(answer.result.value.mode).toBe('browser')

    await page.evaluate(INJECT_SCRIPT)
    expect(await page.evaluate<unknown>('window.injected')).toBeUndefined()
    const violations = await page.evaluate<string[]>('window.violations')
    expect(violations.some((v) => v.startsWith('script-src-elem inline'))).toBe(true)
    await page.close()
  })
})
