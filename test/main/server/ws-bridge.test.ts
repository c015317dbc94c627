import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createHandlers } from '../../../main/app/handlers'
import type { HandlerMap } from '../../../main/app/dispatch'
import { createWsBridge, MAX_IN_FLIGHT } from '../../../main/server/ws-bridge'
import { decodeWire, encodeWire } from '../../../main/contract/ipc/wire'
import { appFixture, type AppFixture } from '../app/app-fixture'

/**
 * The real bridge on a real WebSocket server, over the real handlers except `app:info`, which
 * here waits until the test releases it, so requests stay in flight as long as the test needs.
 */
let app: AppFixture
let server: Server
let wss: WebSocketServer
let entered = 0
let release: () => void = () => {}
let held = new Promise<void>((r) => (release = r))

beforeAll(async () => {
  app = await appFixture()
  const real = createHandlers(app.ctx)
  const handlers: HandlerMap = {
    ...real,
    'app:info': async (request) => {
      entered++
      await held
      return real['app:info'](request)
    }
  }
  server = createServer()
  wss = new WebSocketServer({ server })
  const bridge = createWsBridge(wss, () => handlers)
  wss.on('connection', (socket) => bridge.attach(socket))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
})
afterAll(async () => {
  release()
  for (const client of wss.clients) client.terminate()
  wss.close()
  await new Promise((r) => server.close(r))
  await app.cleanup()
})

async function connect(): Promise<{ send(id: number): void; answer(id: number): Promise<string> }> {
  const { port } = server.address() as AddressInfo
  const socket = new WebSocket(`ws://127.0.0.1:${port}`)
  await new Promise((r) => socket.once('open', r))
  const answers = new Map<number, string>()
  socket.on('message', (data) => {
    const message = decodeWire(String(data))
    if (message && typeof message.id === 'number') answers.set(message.id, String(data))
  })
  const until = async (id: number) => {
    while (!answers.has(id)) await new Promise((r) => setTimeout(r, 10))
    return answers.get(id)!
  }
  return {
    send: (id) => socket.send(encodeWire({ id, channel: 'app:info' })),
    answer: until
  }
}

const waitFor = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 10))
}

describe('WebSocket bridge', () => {
  it('refuses a request past the in-flight limit of its connection, not of others', async () => {
    const client = await connect()
    for (let id = 1; id <= MAX_IN_FLIGHT; id++) client.send(id)
    await waitFor(() => entered === MAX_IN_FLIGHT)
    client.send(99)
    expect(await client.answer(99)).toMatch(/Too many requests at once on this connection/)
    // Another connection is not held back by the first one's backlog.
    const other = await connect()
    other.send(1)
    await waitFor(() => entered === MAX_IN_FLIGHT + 1)
    release()
    expect(await client.answer(MAX_IN_FLIGHT)).toMatch(/"ok":true/)
    expect(await other.answer(1)).toMatch(/"ok":true/)
    held = Promise.resolve()
    client.send(100)
    expect(await client.answer(100)).toMatch(/"ok":true/)
  })
})
