/**
 * Browser mode's access token: without it (or with a wrong one) the page and the WebSocket are
 * refused; with it, both work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startApp, type App } from './harness'

let app: App

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

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
    const bare = `${page.origin}/`
    expect((await fetch(bare)).status).toBe(401)
    expect((await fetch(`${bare}?token=wrong`)).status).toBe(401)
    expect((await fetch(app.url)).status).toBe(200)
  })

  it('refuses a WebSocket request without the token and accepts one with it', async () => {
    const page = new URL(app.url)
    const token = page.searchParams.get('token') ?? ''
    const ws = `ws://${page.host}/ws`
    expect(await upgradeStatus(ws, page.origin)).toBe(401)
    expect(await upgradeStatus(`${ws}?token=${'x'.repeat(token.length)}`, page.origin)).toBe(401)
    expect(await upgradeStatus(`${ws}?token=${encodeURIComponent(token)}`, page.origin)).toBe(101)
  })
})
