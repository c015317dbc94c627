/**
 * The WebSocket side of browser mode: every text frame is one WireRequest, answered by the same
 * dispatch() the Electron window uses; training batches are pushed to every open connection.
 * Frames that are not requests get an error answer (when they carry an id) or are dropped.
 */
import type { WebSocket, WebSocketServer } from 'ws'
import { fail, type Result } from '../contract/result'
import { dispatch, type HandlerMap } from '../app/dispatch'
import { inFlightCounter, type InFlight } from '../app/request-limits'
import { decodeWire, encodeWire, refusedFrame } from '../contract/ipc/wire'
import type { TrainEventBatch } from '../contract/ipc/contract'

/** Bytes a connection may have waiting to be sent before the coalescer holds back. */
const CONGESTED_BYTES = 4 * 2 ** 20

/**
 * Requests one connection may have unanswered at once. The UI sends a handful at a time (a view
 * opening a run, thumbnails, a scan); a client that fires more gets an answer saying so at once
 * instead of piling work onto the server.
 */
export const MAX_IN_FLIGHT = 16

export interface WsBridge {
  /** Sends a training batch to every open connection. */
  broadcast(batch: TrainEventBatch): void
  /** False while any connection has more than CONGESTED_BYTES waiting. */
  canDeliver(): boolean
  /** Starts answering requests on `socket`. */
  attach(socket: WebSocket): void
}

/** A bridge whose handlers come from `handlers()` (they are built after the bridge). */
export function createWsBridge(wss: WebSocketServer, handlers: () => HandlerMap): WsBridge {
  const answer = async (socket: WebSocket, inFlight: InFlight, text: string) => {
    const message = decodeWire(text)
    // A frame refused unparsed (too deep, say) is still answered when it names its id.
    const refused = message ? null : refusedFrame(text)
    const id = message
      ? typeof message.id === 'number' && Number.isSafeInteger(message.id)
        ? message.id
        : null
      : refused!.id
    if (id === null) return
    const send = (result: Result<unknown>) => {
      if (socket.readyState === socket.OPEN)
        socket.send(encodeWire({ kind: 'response', id, result }))
    }
    if (refused) return send(fail(refused.error))
    if (!inFlight.tryEnter()) {
      return send(
        fail(
          `Too many requests at once on this connection (${MAX_IN_FLIGHT} unanswered); ` +
            'wait for their answers before sending more.'
        )
      )
    }
    try {
      send(
        'channel' in message!
          ? await dispatch(handlers(), message.channel, message.request)
          : fail('A request needs a channel.')
      )
    } finally {
      inFlight.leave()
    }
  }

  return {
    broadcast(batch) {
      const frame = encodeWire({ kind: 'push', channel: 'train:event', payload: batch })
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame)
    },
    canDeliver() {
      return [...wss.clients].every((c) => c.bufferedAmount < CONGESTED_BYTES)
    },
    attach(socket) {
      const inFlight = inFlightCounter(MAX_IN_FLIGHT)
      // Oversized or malformed frames surface here (ws then closes with 1009/1002); a bad
      // client must never take the server down.
      socket.on('error', () => socket.terminate())
      socket.on('message', (data, isBinary) => {
        if (isBinary) return socket.close(1003, 'Text frames only')
        const text = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
        void answer(socket, inFlight, text.toString('utf8'))
      })
    }
  }
}
