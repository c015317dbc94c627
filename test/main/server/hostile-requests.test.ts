/**
 * Browser mode's HTTP and WebSocket front against bytes no browser sends: request targets that
 * are no URL, bad ports, broken headers, a Host that names another server, and seeded random
 * request lines. Every one gets an answer (or a closed connection), the process never sees an
 * unhandled rejection or exception, and the server keeps serving its page afterwards.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserMode } from '../../../main/server/browser-mode'
import { makeRng } from '../../../main/random/seeded-random'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { startTestBrowserMode } from './test-browser-mode'

let mode: BrowserMode
let token: string
const escaped: unknown[] = []
const onEscape = (error: unknown) => escaped.push(error)

beforeAll(async () => {
  process.on('unhandledRejection', onEscape)
  process.on('uncaughtException', onEscape)
  mode = await startTestBrowserMode(await tempDir('hostile-requests'))
  token = new URL(mode.server.url).pathname.split('/')[2]!
})
afterAll(async () => {
  await mode.close()
  await removeTempDirs()
  process.off('unhandledRejection', onEscape)
  process.off('uncaughtException', onEscape)
})

/**
 * Sends raw bytes; resolves the status code of the answer, or 0 if the server hung up. The
 * client half-closes only after a grace period: a request it has not finished stays pending.
 */
function raw(bytes: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(mode.server.port, '127.0.0.1')
    let answer = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within 5 s to ${JSON.stringify(bytes.toString().slice(0, 80))}`))
    }, 5000)
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
    const grace = setTimeout(() => socket.end(), 300)
    const done = () => {
      clearTimeout(timer)
      clearTimeout(grace)
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0))
    }
    socket.on('end', done)
    socket.on('close', done)
    socket.on('error', () => undefined)
    socket.write(bytes)
  })
}

const host = () => `Host: 127.0.0.1:${mode.server.port}`
const request = (line: string, ...headers: string[]) =>
  `${line}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}Connection: close\r\n\r\n`
const upgradeHeaders = () => [
  host(),
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Version: 13',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
]

async function stillServes() {
  expect(await raw(request(`GET /t/${token}/ HTTP/1.1`, host()))).toBe(200)
  expect(escaped).toEqual([])
}

describe('hostile request lines', () => {
  it('answers 400 to request targets that are no URL, over HTTP and WebSocket, and lives on', async () => {
    expect(await raw(request('GET http://[ HTTP/1.1', host()))).toBe(400)
    expect(await raw(request('GET http://a:99999/ HTTP/1.1', host()))).toBe(400)
    expect(await raw(request(`GET http://[/t/${token}/ws HTTP/1.1`, ...upgradeHeaders()))).toBe(400)
    expect(await raw(request('GET http://a:99999/ws HTTP/1.1', ...upgradeHeaders()))).toBe(400)
    await stillServes()
  })

  it('answers 421 when the Host names another server, even with the right token (DNS rebinding)', async () => {
    const port = mode.server.port
    for (const other of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`]) {
      expect(await raw(request(`GET /t/${token}/ HTTP/1.1`, `Host: ${other}`))).toBe(421)
    }
    const ws = upgradeHeaders().map((h) =>
      h.startsWith('Host:') ? `Host: evil.example:${port}` : h
    )
    expect(await raw(request(`GET /t/${token}/ws HTTP/1.1`, ...ws))).toBe(421)
    expect(await raw(request(`GET /t/${token}/ HTTP/1.1`, `Host: localhost:${port}`))).toBe(200)
    await stillServes()
  })

  it('survives broken headers and request lines', async () => {
    const cases = [
      'GET / HTTP/1.1\r\n\r\n',
      request(`GET /t/${token}/ HTTP/1.1`),
      request(`GET /t/${token}/ HTTP/1.1`, 'Host: [', 'Host: ]'),
      request(`GET /t/${token}/ HTTP/1.1`, host(), `X-Long: ${'a'.repeat(70_000)}`),
      request(`GET /t/${token}/\u0000 HTTP/1.1`, host()),
      request(`GET /t/${token}/%E0%A4%A HTTP/1.1`, host()),
      request(`GET /t/${token}/exports/%2e%2e/%2e%2e/etc/passwd HTTP/1.1`, host()),
      request('BREW / HTCPCP/1.0', host()),
      request(`GET /t/${token}/ws HTTP/1.1`, host(), 'Upgrade: websocket', 'Connection: Upgrade'),
      `GET /t/${token}/ HTTP/1.1\r\n${host()}\r\nContent-Length: -1\r\n\r\n`,
      `GET /t/${token}/ HTTP/1.1\r\n${host()}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      '\r\n\r\n\r\n'
    ]
    for (const bytes of cases) {
      const status = await raw(bytes)
      expect([0, 200, 400, 401, 404, 405, 421, 431, 501]).toContain(status)
    }
    await stillServes()
  })

  it('survives 300 seeded random request lines and header sets', async () => {
    const rng = makeRng(20261207)
    const alphabet = 'GET/ :[]%?#@.\\\u0000\u00ffhttp\r\nwsHost-Upgrade0123456789t'
    const pick = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('')
    for (let i = 0; i < 300; i++) {
      const target = rng() < 0.5 ? `/t/${token}/${pick(6)}` : pick(12)
      const headers = rng() < 0.5 ? upgradeHeaders() : [host(), `${pick(5)}: ${pick(8)}`]
      const line = rng() < 0.3 ? pick(20) : `GET ${target} HTTP/1.1`
      await raw(Buffer.from(request(line, ...headers), 'latin1'))
    }
    await stillServes()
  })
})
