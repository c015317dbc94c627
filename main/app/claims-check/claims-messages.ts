/**
 * The messages between the app and the claims check's worker (claims-worker.ts): one `start`
 * in, then where the check stands and each claim's result out, and finally `done` or `failed`.
 * Cancelling ends the worker; it needs no message. Both sides take `unknown` and accept only
 * what these guards prove. Pure: zod and types only.
 */
import { z } from 'zod'
import { inputShapeSchema } from '../../contract/config/schema'
import { dataSourceSchema } from '../../contract/config/data-source'
import { fail, ok, type Result } from '../../contract/result'
import { BACKEND_CHOICES } from '../../contract/trainer-protocol'
import type { ClaimResult } from '../../claims/check-claims'
import { claimSeedsSchema, type ClaimsStep } from '../../contract/ipc/claims'

/** What the worker checks: the claims of every preset (or of `preset`) on `data`, per seed. */
export const claimsRequestSchema = z
  .object({
    data: dataSourceSchema,
    seeds: claimSeedsSchema,
    /** One preset's claim; null: every claim. */
    preset: z.string().min(1).max(200).nullable(),
    /** Overrides the presets' input shape (a folder's own shape when absent). */
    inputShape: inputShapeSchema.optional(),
    cacheDir: z.string().min(1).max(4096),
    /** wasm, as `npm run claims` trains, unless said otherwise. */
    backend: z.enum(BACKEND_CHOICES).optional()
  })
  .strict()
export type ClaimsRequest = z.infer<typeof claimsRequestSchema>

export interface ClaimsCommand {
  type: 'start'
  request: ClaimsRequest
}

export type ClaimsWorkerMessage =
  | { type: 'step'; step: ClaimsStep }
  | { type: 'claim'; result: ClaimResult }
  | { type: 'done' }
  | { type: 'failed'; error: string }

/** The start command, or why `message` is not one. */
export function parseClaimsCommand(message: unknown): Result<ClaimsCommand> {
  if (typeof message !== 'object' || message === null || !('type' in message))
    return fail('expected a command object')
  if (message.type !== 'start') return fail(`unknown command ${JSON.stringify(message.type)}`)
  const parsed = claimsRequestSchema.safeParse((message as { request?: unknown }).request)
  if (parsed.success) return ok({ type: 'start', request: parsed.data })
  const issue = parsed.error.issues[0]
  return fail(`request.${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not a request'}`)
}

const PAYLOAD: Record<ClaimsWorkerMessage['type'], string | null> = {
  step: 'step',
  claim: 'result',
  done: null,
  failed: 'error'
}

/**
 * A message from the worker, or null when it is not one. Checks the tag and its payload field;
 * the worker is our own code, so deeper checks would only cost time.
 */
export function parseClaimsWorkerMessage(message: unknown): ClaimsWorkerMessage | null {
  if (typeof message !== 'object' || message === null || !('type' in message)) return null
  const { type } = message
  if (typeof type !== 'string' || !Object.hasOwn(PAYLOAD, type)) return null
  const field = PAYLOAD[type as ClaimsWorkerMessage['type']]
  if (field !== null && !(field in message)) return null
  return message as ClaimsWorkerMessage
}
