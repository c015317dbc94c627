import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { BrowserMode } from '../../../main/server/browser-mode'
import { createWsHost, socketUrl, type SocketLike } from '../../../renderer/src/lib/host/ws-host'
import type { AppInfo, TrainEventBatch, TrainingStatus } from '../../../preload/contract'
import { decodeWire, encodeWire } from '../../../preload/wire'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { startTestBrowserMode } from './test-browser-mode'

let dir: string
let mode: BrowserMode
let base: string
let token: string
let runIdOfServedRun = ''

beforeAll(async () => {
  dir = await tempDir('serve')
  mode = await startTestBrowserMode(dir)
  const url = new URL(mode.server.url)
  token = url.searchParams.get('token')!
  base = `http://127.0.0.1:${mode.server.port}`
})
afterAll(async () => {
  await mode.close()
  await removeTempDirs()
})

/** GET with optional headers; resolves status, headers and body. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${base}${path}`, { headers }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      req.end()
    }
  )
}

/** Opens a raw WebSocket; resolves 'open' or the HTTP status of the refusal. */
function tryConnect(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ socket: WebSocket | null; status: number | 'open' }>((resolve) => {
    const socket = new WebSocket(url, { headers })
    socket.on('open', () => resolve({ socket, status: 'open' }))
    socket.on('unexpected-response', (_req, res) =>
      resolve({ socket: null, status: res.statusCode ?? 0 })
    )
    socket.on('error', () => resolve({ socket: null, status: 0 }))
  })
}

const wsUrl = (t: string | null) =>
  `ws://127.0.0.1:${mode.server.port}/ws${t === null ? '' : `?token=${t}`}`
const wsHost = () =>
  createWsHost(
    { protocol: 'http:', host: `127.0.0.1:${mode.server.port}`, search: `?token=${token}` },
    (url) => new WebSocket(url) as unknown as SocketLike
  )

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(mode.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/)
  })

  it('refuses HTTP requests without the token or with a wrong one (401)', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/assets/x.js',
      `/?token=${token.slice(1)}`,
      '/?token='
    ]) {
      const res = await get(path)
      expect(res.status).toBe(401)
      expect(res.body).toMatch(/access token/)
    }
    expect((await get('/', { cookie: 'trainscape_token=wrong' })).status).toBe(401)
  })

  it("serves the UI with the token, with the CSP, and lets the page's assets in by cookie", async () => {
    const page = await get(`/?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.body).toMatch(/<div id="app">/)
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/)
    const cookie = String(page.headers['set-cookie']).split(';')[0]
    const asset = page.body.match(/src="\.?(\/assets\/[^"]+\.js)"/)![1]
    expect((await get(asset, { cookie })).status).toBe(200)
    expect((await get(asset)).status).toBe(401)
    expect((await get(`/../package.json?token=${token}`)).status).toBe(404)
  })

  it('lets a page reopened without the token in its URL in by its cookie, WebSocket too', async () => {
    const first = await get(`/?token=${token}`)
    const cookie = String(first.headers['set-cookie']).split(';')[0]
    expect((await get('/', { cookie })).status).toBe(200)
    const page = { protocol: 'http:', host: `127.0.0.1:${mode.server.port}`, search: '' }
    const url = socketUrl(page)
    expect(url).toBe(`ws://127.0.0.1:${mode.server.port}/ws`)
    const byCookie = await tryConnect(url, { origin: base, cookie })
    expect(byCookie.status).toBe('open')
    byCookie.socket?.close()
    expect((await tryConnect(`${url}?token=`, { origin: base })).status).toBe(401)
  })

  it('refuses WebSocket upgrades without the token (401), from another origin (403), off /ws (404)', async () => {
    expect((await tryConnect(wsUrl(null))).status).toBe(401)
    expect((await tryConnect(wsUrl('nope'))).status).toBe(401)
    expect((await tryConnect(wsUrl(token), { origin: 'http://evil.example' })).status).toBe(403)
    expect(
      (await tryConnect(`ws://127.0.0.1:${mode.server.port}/other?token=${token}`)).status
    ).toBe(404)
    const ok = await tryConnect(wsUrl(token), { origin: base })
    expect(ok.status).toBe('open')
    ok.socket?.close()
  })

  it('answers bad frames with errors and closes on binary or oversized frames', async () => {
    const { socket } = await tryConnect(wsUrl(token))
    const replies: Record<string, unknown>[] = []
    socket!.on('message', (data: Buffer) => replies.push(decodeWire(data.toString())!))
    socket!.send('not json')
    socket!.send(encodeWire({ id: 1, channel: 'fs:read', request: '/etc/passwd' }))
    socket!.send(encodeWire({ id: 2, channel: 'runs:open', request: { runId: '../../etc' } }))
    await new Promise((r) => setTimeout(r, 300))
    expect(replies.map((r) => r.id)).toEqual([1, 2])
    expect(JSON.stringify(replies)).toMatch(/Unknown request channel/)
    expect(JSON.stringify(replies)).toMatch(/Bad \\"runs:open\\" request/)
    const closed = new Promise<number>((r) => socket!.on('close', (code) => r(code)))
    socket!.send('x'.repeat(2 * 2 ** 20))
    expect(await closed).toBe(1009)
    const binary = (await tryConnect(wsUrl(token))).socket!
    const binaryClosed = new Promise<number>((r) => binary.on('close', (code) => r(code)))
    binary.send(Buffer.from([1, 2, 3]))
    expect(await binaryClosed).toBe(1003)
  })

  it('answers a waiting request with an error when the server goes away', async () => {
    const other = await startTestBrowserMode(dir, '-2')
    const t = new URL(other.server.url).searchParams.get('token')!
    const host = createWsHost(
      { protocol: 'http:', host: `127.0.0.1:${other.server.port}`, search: `?token=${t}` },
      (url) => new WebSocket(url) as unknown as SocketLike
    )
    expect((await host.invoke('settings:get')).ok).toBe(true)
    await other.close()
    const after = await host.invoke('settings:get')
    expect(!after.ok && after.error).toMatch(/connection to the Trainscape server was lost/)
  })

  it('carries the contract to the real handlers through the browser host', async () => {
    const host = wsHost()
    expect(host.kind).toBe('browser')
    const info = await host.invoke('app:info')
    expect(info.ok && (info.value as AppInfo).mode).toBe('browser')
    const outside = await host.invoke('data:scan', { source: { kind: 'folder', path: '/etc' } })
    expect(!outside.ok && outside.error).toMatch(/outside the data roots/)
  })

  it('streams a training run to a subscribed browser host, ending with the run end', async () => {
    const host = wsHost()
    const batches: TrainEventBatch[] = []
    host.onTrainEvent((b) => batches.push(b))
    const started = await host.invoke('train:start', {
      config: {
        name: 'served',
        model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
        training: {
          optimizer: { type: 'sgd', learningRate: 0.05 },
          batchSize: 16,
          epochs: 1,
          maxSteps: 4
        },
        instruments: { statsEvery: 2, probeSize: 16 }
      },
      data: { kind: 'synthetic', examplesPerClass: 10 },
      backend: 'cpu'
    })
    expect(started.ok).toBe(true)
    const runId = (started as { value: TrainingStatus }).value.runId
    await mode.ctx.training.idle()
    await new Promise((r) => setTimeout(r, 200))
    const events = batches.flatMap((b) => b.events)
    expect(batches.every((b) => b.runId === runId)).toBe(true)
    expect(events.filter((e) => e.type === 'step')).toHaveLength(4)
    expect(events.at(-1)?.type).toBe('end')

    runIdOfServedRun = runId
  })

  it("lets the browser download a run's exports with the token, and nothing beside them", async () => {
    const host = wsHost()
    const done = await host.invoke('runs:export', { runId: runIdOfServedRun, format: 'json' })
    if (!done.ok) throw new Error(done.error)
    expect(done.value.urls).toEqual([`/exports/${runIdOfServedRun}/series.json`])
    const url = done.value.urls![0]
    const file = await get(`${url}?token=${token}`)
    expect(file.status).toBe(200)
    expect(file.headers['content-disposition']).toBe('attachment')
    expect(JSON.parse(file.body)).toBeTypeOf('object')
    expect((await get(url)).status).toBe(401)
    for (const path of [
      `/exports/${runIdOfServedRun}/../summary.json`,
      `/exports/${runIdOfServedRun}/%2e%2e/summary.json`,
      `/exports/../${runIdOfServedRun}/summary.json`,
      `/exports/${runIdOfServedRun}`
    ]) {
      expect((await get(`${path}?token=${token}`)).status).toBe(404)
    }
  })
})
