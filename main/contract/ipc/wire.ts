/**
 * The browser-mode wire format: the IPC contract carried as JSON text over one WebSocket.
 * Non-finite numbers survive the trip (json-lines codec: NaN/±Infinity as strings), so a
 * diverging loss reaches the browser as NaN, exactly as over Electron IPC. Pure.
 */
import { MAX_JSON_DEPTH, parse, stringify, textNestedDeeperThan, TOO_DEEP } from '../json-lines'
import type { Result } from '../result'
import type { PushChannel, PushPayloads } from './contract'

/** Browser → server: invoke `channel` with `request`; `id` pairs the answer. */
export interface WireRequest {
  id: number
  channel: string
  request?: unknown
}

/** Server → browser. */
export type WireMessage =
  | { kind: 'response'; id: number; result: Result<unknown> }
  | { kind: 'push'; channel: PushChannel; payload: PushPayloads[PushChannel] }

/**
 * The WebSocket's path below the page's token path (`/t/<token>/ws`; see
 * main/server/access-token.ts): the page opens it relative to its own URL.
 */
export const WIRE_PATH = '/ws'

/**
 * Browser mode serves a run's exports at `/t/<token>/exports/<run-id>/<file>`; the handlers
 * hand the page URLs relative to it (`exports/<run-id>/<file>`).
 */
export const EXPORTS_PATH = '/exports/'

/** Largest request the server reads, in bytes (configs and paths are far smaller). */
export const MAX_WIRE_REQUEST_BYTES = 1 << 20

export function encodeWire(message: WireRequest | WireMessage): string {
  return stringify(message)
}

/** Parses a frame's text; returns null for anything that is not a JSON object. */
export function decodeWire(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * For a frame decodeWire refused: the id it names in front (`{"id":7,…`, as encodeWire writes
 * it), so the sender can still get an answer, and why it was refused. Reads only the text.
 */
export function refusedFrame(text: string): { id: number | null; error: string } {
  const id = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*,/.exec(text)?.[1]
  const error = textNestedDeeperThan(text, MAX_JSON_DEPTH)
    ? `The request is ${TOO_DEEP}; nothing was done.`
    : 'The request is not a JSON object; nothing was done.'
  return { id: id === undefined ? null : Number(id), error }
}
