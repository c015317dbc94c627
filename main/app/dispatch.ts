/**
 * The one door into main for UI requests, shared by Electron IPC and the browser-mode
 * WebSocket: checks the channel is in the contract, parses the request with the channel's
 * schema (a bad message gets an error Result and nothing runs), calls the handler, and turns
 * anything thrown into an error Result. Electron-free.
 */
import type { z } from 'zod'
import { fieldPath } from '../contract/config/validate'
import { fail, messageOf, type Result } from '../contract/result'
import { MAX_JSON_DEPTH, TOO_DEEP, valueNestedDeeperThan } from '../contract/json-lines'
import {
  isInvokeChannel,
  requestSchemas,
  type InvokeChannel,
  type ParsedRequestOf,
  type Responses
} from '../contract/ipc/contract'

/** A handler: a request already parsed by its schema in, a Result out. */
export type Handler<C extends InvokeChannel> = (
  request: ParsedRequestOf<C>
) => Promise<Result<Responses[C]>>

/** One handler for every channel of the contract (the compiler checks none is missing). */
export type HandlerMap = { [C in InvokeChannel]: Handler<C> }

/** Answers one request. Never throws. */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  request: unknown
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) return fail(`Unknown request channel ${clip(channel)}.`)
  // Checked before the schema: validating a value nested thousands deep overflows the stack.
  if (valueNestedDeeperThan(request, MAX_JSON_DEPTH))
    return fail(`Bad "${channel}" request: it is ${TOO_DEEP}.`)
  const parsed = requestSchemas[channel].safeParse(request)
  if (!parsed.success) return fail(`Bad "${channel}" request: ${describe(parsed.error)}`)
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<Result<unknown>>
    return await handler(parsed.data)
  } catch (thrown) {
    return fail(messageOf(thrown))
  }
}

/** The issues of a rejected request, each with the field it is about. */
function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.length === 0 ? 'the request' : fieldPath(issue.path)
      return `${field}: ${issue.message}`
    })
    .join('; ')
}

/** A short, quoted rendering of something untrusted (never echoes a huge string back). */
function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)
}
