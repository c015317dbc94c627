/**
 * The browser-mode host: the IPC contract over one WebSocket to `npm run serve`. The access token
 * is in the page's path (`/t/<token>/`); the socket opens beside the page, so its URL carries
 * the token too (and no cookie is needed). A lost connection
 * answers every waiting request with an error Result and is reopened on the next request.
 */
import type {
  InvokeChannel,
  Invoke,
  ResponseOf,
  TrainEventBatch
} from '../../../../main/contract/ipc/contract'
import { WIRE_PATH, decodeWire, encodeWire } from '../../../../main/contract/ipc/wire'
import type { Result } from '../../../../main/contract/result'
import type { HostApi } from './host-api'

/** The part of the WebSocket API this client uses (the browser's, or `ws` in tests). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}
export type SocketFactory = (url: string) => SocketLike

/** The parts of `window.location` the client reads. */
export interface PageLocation {
  protocol: string
  host: string
  pathname: string
}

const OPEN = 1
const BROWSER_DROP =
  'A browser does not reveal where a dropped folder lives: type its path above or use Browse….'
const CLOSED_MESSAGE =
  'The connection to the Trainscape server was lost; is `npm run serve` running?'

/** The browser's WebSocket (looked up on globalThis so this module also type-checks under Node). */
const browserSocket: SocketFactory = (url) => {
  const { WebSocket } = globalThis as unknown as { WebSocket: new (url: string) => SocketLike }
  return new WebSocket(url)
}

/**
 * ws:// URL of the server that served `page`, beside the page: the page lives at
 * `/t/<token>/`, so its socket is `/t/<token>/ws` and carries the token in its path.
 */
export function socketUrl(page: PageLocation): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:'
  const folder = page.pathname.slice(0, page.pathname.lastIndexOf('/') + 1) || '/'
  return `${scheme}//${page.host}${folder}${WIRE_PATH.slice(1)}`
}

/**
 * One lazily opened socket with its waiting requests and push listeners. A lost socket answers
 * every waiting request with an error; while anyone listens for pushes it is reopened after a
 * growing pause (1 s, 2 s, … 30 s), otherwise on the next request.
 */
class WsConnection {
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>()
  readonly listeners = new Set<(batch: TrainEventBatch) => void>()
  readonly reconnectListeners = new Set<() => void>()
  private ready: Promise<SocketLike> | null = null
  /** A socket was open before and has been lost since. */
  private wasLost = false
  private nextId = 1
  private retryMs = 1000

  constructor(
    private readonly url: string,
    private readonly open: SocketFactory
  ) {}

  /** Sends one request; resolves with its Result (an error Result when the socket fails). */
  async request(channel: string, request: unknown): Promise<Result<unknown>> {
    let socket: SocketLike
    try {
      socket = await this.connect()
    } catch (error) {
      return { ok: false, error: (error as Error).message }
    }
    if (socket.readyState !== OPEN) return { ok: false, error: CLOSED_MESSAGE }
    const id = this.nextId++
    const answer = new Promise<Result<unknown>>((resolve) => this.waiting.set(id, resolve))
    socket.send(encodeWire({ id, channel, request }))
    return answer
  }

  /** The open socket, opening it first when there is none. */
  connect(): Promise<SocketLike> {
    this.ready ??= new Promise((resolve, reject) => {
      const socket = this.open(this.url)
      socket.addEventListener('open', () => {
        this.retryMs = 1000
        resolve(socket)
        if (!this.wasLost) return
        this.wasLost = false
        for (const listener of this.reconnectListeners) listener()
      })
      socket.addEventListener('message', (event) => this.receive(event.data))
      socket.addEventListener('error', () => reject(new Error(CLOSED_MESSAGE)))
      let opened = false
      socket.addEventListener('open', () => (opened = true))
      socket.addEventListener('close', () => {
        reject(new Error(CLOSED_MESSAGE))
        if (opened) this.wasLost = true
        this.lost()
      })
    })
    return this.ready
  }

  private receive(data: unknown): void {
    const message = typeof data === 'string' ? decodeWire(data) : null
    if (message?.kind === 'response' && typeof message.id === 'number') {
      this.waiting.get(message.id)?.(message.result as Result<unknown>)
      this.waiting.delete(message.id)
    } else if (message?.kind === 'push' && message.channel === 'train:event') {
      for (const listener of this.listeners) listener(message.payload as TrainEventBatch)
    }
  }

  private lost(): void {
    for (const answer of this.waiting.values()) answer({ ok: false, error: CLOSED_MESSAGE })
    this.waiting.clear()
    this.ready = null
    if (this.listeners.size === 0) return
    setTimeout(() => void this.connect().catch(() => undefined), this.retryMs)
    this.retryMs = Math.min(this.retryMs * 2, 30_000)
  }
}

/** Creates the browser host. `open` defaults to the browser's WebSocket. */
export function createWsHost(page: PageLocation, open: SocketFactory = browserSocket): HostApi {
  const connection = new WsConnection(socketUrl(page), open)
  const invoke: Invoke = async <C extends InvokeChannel>(channel: C, request?: unknown) =>
    (await connection.request(channel, request)) as ResponseOf<C>
  return {
    kind: 'browser',
    invoke,
    onTrainEvent(listener) {
      connection.listeners.add(listener)
      // Subscribing opens the socket so pushes arrive even before the first request.
      void connection.connect().catch(() => undefined)
      return () => void connection.listeners.delete(listener)
    },
    onReconnect(listener) {
      connection.reconnectListeners.add(listener)
      return () => void connection.reconnectListeners.delete(listener)
    },
    dropFolder: async () => ({ ok: false, error: BROWSER_DROP })
  }
}
