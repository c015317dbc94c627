import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { createWsHost, type SocketLike } from '../../../../renderer/src/lib/host/ws-host'

/** A real WebSocket server that the test can cut connections of, as a network drop would. */
let server: WebSocketServer
let port: number
let connections = 0

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  port = (server.address() as { port: number }).port
  server.on('connection', () => connections++)
})
afterAll(async () => {
  for (const client of server.clients) client.terminate()
  await new Promise((resolve) => server.close(resolve))
})

describe('createWsHost', () => {
  it('tells subscribers when a lost connection is back, so missed pushes can be caught up', async () => {
    const host = createWsHost(
      { protocol: 'http:', host: `127.0.0.1:${port}`, pathname: '/t/t/' },
      (url) => new WebSocket(url) as unknown as SocketLike
    )
    let reconnects = 0
    host.onReconnect?.(() => reconnects++)
    const off = host.onTrainEvent(() => undefined)
    await until(() => connections === 1)
    expect(reconnects).toBe(0)
    for (const client of server.clients) client.terminate()
    await until(() => reconnects === 1, 5000)
    expect(connections).toBe(2)
    off() // no listener left: the host stops reopening the socket
  })
})

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
