/**
 * The browser-mode server: the built UI over HTTP and the IPC contract over a WebSocket, both
 * below `/t/<token>/` (access-token.ts): the page at `/t/<token>/`, its WebSocket at
 * `/t/<token>/ws`, a run's exports at `/t/<token>/exports/…`. Without the token, HTTP answers
 * 401 and the WebSocket upgrade is refused with 401; a WebSocket from another origin is refused
 * with 403. No cookie is ever set. Any bytes get an answer, never a crash: a request target
 * that is no URL gets 400, a Host that does not name the bound address 421, a handler that
 * throws 500 (request-target.ts).
 */
import { join } from 'node:path'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { SECURITY_HEADERS } from '../app/content-policy'
import type { HandlerMap } from '../app/dispatch'
import { readStatic } from '../app/static-files'
import { EXPORTS_PATH, MAX_WIRE_REQUEST_BYTES, WIRE_PATH } from '../contract/ipc/wire'
import { splitTokenPath, tokenBase, tokenMatches } from './access-token'
import { hostMatches, requestPath } from './request-target'
import { createWsBridge, type WsBridge } from './ws-bridge'

export interface UiServerOptions {
  /** The built UI (out/renderer). */
  rendererDir: string
  token: string
  host: string
  /** 0 picks a free port. */
  port: number
  /**
   * Where runs' exports are: `<runsDir>/<run-id>/<folder>/`, downloadable at
   * `exports/<run-id>/…` below the token path; none: no downloads.
   */
  exports?: {
    runsDir: string
    folder: string
    /** The folder holding a run kept outside runsDir (opened in the Runs view), if any. */
    rootOf?: (runId: string) => string | null
  }
}

export interface UiServer {
  /** The URL to open, token included. */
  readonly url: string
  readonly port: number
  readonly bridge: WsBridge
  /** Installs the handlers (they need the bridge's broadcast, so they come second). */
  setHandlers(handlers: HandlerMap): void
  close(): Promise<void>
}

const BAD_TARGET = 'Trainscape: this request names no valid path.\n'
const WRONG_HOST =
  'Trainscape: this server answers only requests addressed to the host and port it listens on.\n'
const NO_TOKEN =
  'Trainscape: open the URL printed by `npm run serve` (its path carries the access token).\n'

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  let handlers: HandlerMap | null = null
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_REQUEST_BYTES })
  const bridge = createWsBridge(wss, () => {
    if (!handlers) throw new Error('The server is still starting; try again in a moment.')
    return handlers
  })
  wss.on('connection', (socket) => bridge.attach(socket))

  let port = options.port
  const server = createServer((request, response) => {
    serveHttp(options, port, request, response).catch((error: unknown) =>
      failRequest(response, error)
    )
  })
  server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    try {
      upgrade(options, port, wss, request, socket, head)
    } catch (error) {
      console.error('Trainscape: a WebSocket upgrade failed:', error)
      socket.destroy()
    }
  })
  await listen(server, options.host, options.port)
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : options.port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${shownHost}:${port}${tokenBase(options.token)}`,
    port,
    bridge,
    setHandlers: (h) => void (handlers = h),
    close: () => close(server, wss)
  }
}

async function serveHttp(
  options: UiServerOptions,
  port: number,
  request: IncomingMessage,
  response: ServerResponse
) {
  const path = requestPath(request.url)
  if (path === null) return send(response, 400, 'text/plain; charset=utf-8', BAD_TARGET)
  if (!hostMatches(request.headers.host, options.host, port)) {
    return send(response, 421, 'text/plain; charset=utf-8', WRONG_HOST)
  }
  const split = splitTokenPath(path)
  if (!split || !tokenMatches(split.token, options.token)) {
    return send(response, 401, 'text/plain; charset=utf-8', NO_TOKEN)
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD are served.\n')
  }
  // The page's relative URLs (assets, WebSocket, downloads) resolve below the token only when
  // the page's own URL ends with a slash.
  if (split.rest === null) {
    response.setHeader('Location', tokenBase(options.token))
    return send(response, 308, 'text/plain; charset=utf-8', 'Moved.\n')
  }
  const below = split.rest
  const download = below.startsWith(EXPORTS_PATH)
  const file = download
    ? await readExport(options.exports, below)
    : await readStatic(options.rendererDir, below)
  if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found.\n')
  if (download) response.setHeader('Content-Disposition', 'attachment')
  response.setHeader('Cache-Control', 'no-store')
  send(response, 200, file.type, request.method === 'HEAD' ? '' : file.body)
}

/**
 * `/exports/<run-id>/<file…>` → that file in the run's export folder, never outside it: no
 * `..`, and no symbolic link anywhere from the runs folder down to the file.
 */
function readExport(exports: UiServerOptions['exports'], path: string) {
  const [runId, ...rest] = path.slice(EXPORTS_PATH.length).split('/')
  if (
    !exports ||
    runId === undefined ||
    !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId) ||
    rest.length === 0
  )
    return null
  const { folder } = exports
  const runsDir = exports.rootOf?.(runId) ?? exports.runsDir
  return readStatic(join(runsDir, runId, folder), `/${rest.join('/')}`, runsDir)
}

/** A request whose handler threw: 500 if nothing was sent yet, else the connection is cut. */
function failRequest(response: ServerResponse, error: unknown) {
  console.error('Trainscape: a request failed:', error)
  if (response.headersSent) response.destroy()
  else
    send(response, 500, 'text/plain; charset=utf-8', 'The server could not answer this request.\n')
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type })
  response.end(body)
}

function upgrade(
  options: UiServerOptions,
  port: number,
  wss: WebSocketServer,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer
) {
  const refuse = (status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }
  const path = requestPath(request.url)
  if (path === null) return refuse(400, 'Bad Request')
  if (!hostMatches(request.headers.host, options.host, port))
    return refuse(421, 'Misdirected Request')
  const split = splitTokenPath(path)
  if (!split || !tokenMatches(split.token, options.token)) return refuse(401, 'Unauthorized')
  if (split.rest !== WIRE_PATH) return refuse(404, 'Not Found')
  // Browsers always send Origin on WebSockets; it must be this server's own page.
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `http://${request.headers.host}`)
    return refuse(403, 'Forbidden')
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function close(server: Server, wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate()
  wss.close()
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
