/**
 * Browser mode's access token, carried in the path (`/t/<token>/`): without it (or with a wrong
 * one) the page and the WebSocket are refused; with it, both work; and the page the browser
 * loads never gets a cookie, so another server on 127.0.0.1 (cookies are not scoped by port)
 * never receives the token.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { useApp } from './harness'

const app = useApp()

/** The HTTP status a WebSocket upgrade to `url` gets (101 when it opens). */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin } })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', reject)
  })
}

describe('access token', () => {
  it('refuses the page without the token or with a wrong one', async () => {
    const page = new URL(app.url)
    const token = page.pathname.split('/')[2]
    expect((await fetch(`${page.origin}/`)).status).toBe(401)
    expect((await fetch(`${page.origin}/?token=${token}`)).status).toBe(401)
    expect((await fetch(`${page.origin}/t/${'x'.repeat(token!.length)}/`)).status).toBe(401)
    expect((await fetch(app.url)).status).toBe(200)
  })

  it('refuses a WebSocket request without the token and accepts one with it', async () => {
    const page = new URL(app.url)
    const token = page.pathname.split('/')[2]
    const base = `ws://${page.host}`
    expect(await upgradeStatus(`${base}/ws`, page.origin)).toBe(401)
    expect(await upgradeStatus(`${base}/ws?token=${token}`, page.origin)).toBe(401)
    expect(await upgradeStatus(`${base}/t/${'x'.repeat(token!.length)}/ws`, page.origin)).toBe(401)
    expect(await upgradeStatus(`${base}/t/${token}/ws`, page.origin)).toBe(101)
  })

  it('the page works in the browser with no cookie set', async () => {
    // The harness opened the page and its status bar shows browser mode: the WebSocket is up.
    expect(await app.page.context().cookies()).toEqual([])
    const info = await app.page.evaluate(() => document.cookie)
    expect(info).toBe('')
    expect(app.errors).toEqual([])
  })
})
