import { rename, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { BrowserMode } from '../../../main/server/browser-mode'
import { createWsHost, socketUrl, type SocketLike } from '../../../renderer/src/lib/host/ws-host'
import type { AppInfo, TrainEventBatch, TrainingStatus } from '../../../main/contract/ipc/contract'
import { decodeWire, encodeWire } from '../../../main/contract/ipc/wire'
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
  token = new URL(mode.server.url).pathname.split('/')[2]!
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
  `ws://127.0.0.1:${mode.server.port}${t === null ? '' : `/t/${t}`}/ws`
const pageOf = (port: number, t: string) => ({
  protocol: 'http:',
  host: `127.0.0.1:${port}`,
  pathname: `/t/${t}/`
})
const wsHost = () =>
  createWsHost(
    pageOf(mode.server.port, token),
    (url) => new WebSocket(url) as unknown as SocketLike
  )

describe('browser-mode server', () => {
  it('binds to 127.0.0.1 and prints a URL whose path carries a long random token', () => {
    expect(mode.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]{43}\/$/)
  })

  it('refuses HTTP requests without the token or with a wrong one (401), cookie or query alike', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/assets/x.js',
      `/?token=${token}`,
      `/t/${token.slice(1)}/`,
      `/t/${token}x/`,
      '/t//',
      `/x/${token}/`
    ]) {
      const res = await get(path)
      expect(res.status).toBe(401)
      expect(res.body).toMatch(/access token/)
    }
    expect((await get('/', { cookie: `trainscape_token=${token}` })).status).toBe(401)
  })

  it('serves the UI and its assets below the token path, with the CSP and without any cookie', async () => {
    const page = await get(`/t/${token}/`)
    expect(page.status).toBe(200)
    expect(page.body).toMatch(/<div id="app">/)
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/)
    expect(page.headers['set-cookie']).toBeUndefined()
    // The build's asset URLs are relative, so they resolve below the token path.
    const asset = page.body.match(/src="\.(\/assets\/[^"]+\.js)"/)![1]
    const served = await get(`/t/${token}${asset}`)
    expect(served.status).toBe(200)
    expect(served.headers['set-cookie']).toBeUndefined()
    expect((await get(asset!)).status).toBe(401)
    expect((await get(`/t/${token}/%2e%2e%2fpackage.json`)).status).toBe(404)
  })

  it('redirects the token path without its trailing slash, so relative URLs stay below it', async () => {
    const res = await get(`/t/${token}`)
    expect(res.status).toBe(308)
    expect(res.headers.location).toBe(`/t/${token}/`)
  })

  it('opens the WebSocket beside the page: its URL carries the token', () => {
    expect(socketUrl(pageOf(5217, 'abc'))).toBe('ws://127.0.0.1:5217/t/abc/ws')
    expect(socketUrl({ ...pageOf(5217, 'abc'), pathname: '/t/abc/index.html' })).toBe(
      'ws://127.0.0.1:5217/t/abc/ws'
    )
  })

  it('refuses WebSocket upgrades without the token (401), from another origin (403), off /ws (404)', async () => {
    expect((await tryConnect(wsUrl(null))).status).toBe(401)
    expect((await tryConnect(wsUrl('nope'))).status).toBe(401)
    expect((await tryConnect(`${wsUrl(null)}?token=${token}`)).status).toBe(401)
    expect((await tryConnect(wsUrl(null), { cookie: `trainscape_token=${token}` })).status).toBe(
      401
    )
    expect((await tryConnect(wsUrl(token), { origin: 'http://evil.example' })).status).toBe(403)
    expect((await tryConnect(`ws://127.0.0.1:${mode.server.port}/t/${token}/other`)).status).toBe(
      404
    )
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
    // Nested 100,000 deep: refused before parsing, and still answered.
    const deep = `{"id":3,"channel":"app:info","request":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    socket!.send(deep)
    await new Promise((r) => setTimeout(r, 300))
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3])
    expect(JSON.stringify(replies[2])).toMatch(/nested more than 64 levels deep/)
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
    const t = new URL(other.server.url).pathname.split('/')[2]
    const host = createWsHost(
      pageOf(other.server.port, t!),
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
        probe: { statsEvery: 2, probeSize: 16 }
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
    expect(done.value.urls).toEqual([`exports/${runIdOfServedRun}/series.json`])
    const url = `/t/${token}/${done.value.urls![0]}`
    const file = await get(url)
    expect(file.status).toBe(200)
    expect(file.headers['content-disposition']).toBe('attachment')
    expect(JSON.parse(file.body)).toBeTypeOf('object')
    expect((await get(`/${done.value.urls![0]}`)).status).toBe(401)
    for (const path of [
      `/exports/${runIdOfServedRun}/../summary.json`,
      `/exports/${runIdOfServedRun}/%2e%2e/summary.json`,
      `/exports/../${runIdOfServedRun}/summary.json`,
      `/exports/${runIdOfServedRun}`
    ]) {
      expect((await get(`/t/${token}${path}`)).status).toBe(404)
    }
  })

  it("serves nothing through a run's export folder that is a link out of the runs folder", async () => {
    const runFolder = join(dir, 'runs', runIdOfServedRun)
    await rename(join(runFolder, 'export'), join(runFolder, 'export-real'))
    const outside = await tempDir('outside')
    await writeFile(join(outside, 'secret.txt'), 'secret\n')
    try {
      for (const target of [outside, '/etc']) {
        await symlink(target, join(runFolder, 'export'))
        for (const name of ['secret.txt', 'passwd', 'hostname']) {
          const res = await get(`/t/${token}/exports/${runIdOfServedRun}/${name}`)
          expect(res.status).toBe(404)
          expect(res.body).not.toMatch(/secret|root:/)
        }
        await unlink(join(runFolder, 'export'))
      }
    } finally {
      await rm(join(runFolder, 'export'), { force: true })
      await rename(join(runFolder, 'export-real'), join(runFolder, 'export'))
    }
    // A link inside a real export folder is refused as well; the real files are still served.
    await symlink(outside, join(runFolder, 'export', 'linked'))
    const linked = await get(`/t/${token}/exports/${runIdOfServedRun}/linked/secret.txt`)
    expect(linked.status).toBe(404)
    expect((await get(`/t/${token}/exports/${runIdOfServedRun}/series.json`)).status).toBe(200)
    await unlink(join(runFolder, 'export', 'linked'))
  })
})
