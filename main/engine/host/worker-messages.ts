/**
 * Guards for the messages that cross the host/trainer line. Both sides take `unknown` and accept
 * only what these prove; anything else is ignored with a warning by the caller.
 */
import { parseRunConfig } from '../../contract/config/validate'
import {
  BACKEND_CHOICES,
  type DataSource,
  type HostCommand,
  type TrainEvent,
  type TrainRequest
} from '../../contract/trainer-protocol'
import { fail, ok, type Result } from '../../contract/result'
import { dataSourceSchema } from '../../contract/config/data-source'

const EVENT_TYPES: ReadonlySet<string> = new Set<TrainEvent['type']>([
  'phase',
  'backend',
  'loading',
  'dataset',
  'layers',
  'step',
  'probe',
  'epoch',
  'state',
  'evaluation',
  'weights',
  'end'
])

type Fields = Record<string, unknown>

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The type tag of a message, for warnings: `"step"`, or a description of what arrived. */
export function describeMessage(message: unknown): string {
  if (isObject(message) && typeof message.type === 'string') return `"${message.type}"`
  return message === null ? 'null' : `a ${Array.isArray(message) ? 'list' : typeof message}`
}

/** A command from the host, or why it is not one. A `start` has its request checked in full. */
export function parseHostCommand(message: unknown): Result<HostCommand> {
  if (!isObject(message)) return fail(`expected a command object, got ${describeMessage(message)}`)
  switch (message.type) {
    case 'pause':
    case 'resume':
    case 'stop':
      return ok({ type: message.type })
    case 'start': {
      const request = parseTrainRequest(message.request)
      return request.ok ? ok({ type: 'start', request: request.value }) : request
    }
    case 'prepare': {
      const backend = BACKEND_CHOICES.find((choice) => choice === message.backend)
      if (!backend) return fail(`prepare.backend must be one of ${BACKEND_CHOICES.join(', ')}`)
      return ok({ type: 'prepare', backend, ...optionalFields(message) })
    }
    default:
      return fail(`unknown command ${describeMessage(message)}`)
  }
}

/** A TrainRequest with its configuration re-validated (defaults filled in). */
export function parseTrainRequest(value: unknown): Result<TrainRequest> {
  if (!isObject(value)) return fail('the start command has no request')
  if (typeof value.runId !== 'string' || value.runId === '')
    return fail('request.runId must be a non-empty string')
  const backend = BACKEND_CHOICES.find((choice) => choice === value.backend)
  if (!backend) return fail(`request.backend must be one of ${BACKEND_CHOICES.join(', ')}`)
  const data = parseDataSource(value.data)
  if (!data.ok) return data
  const config = parseRunConfig(value.config)
  if (!config.ok) return fail(config.error)
  const cacheDir = typeof value.cacheDir === 'string' ? value.cacheDir : undefined
  const budget = value.memoryBudgetMB
  return ok({
    runId: value.runId,
    config: config.value,
    data: data.value,
    backend,
    cacheDir,
    ...optionalFields(value),
    ...(typeof budget === 'number' && budget > 0 && { memoryBudgetMB: budget })
  })
}

/** `threads` (a whole number ≥ 1; the backend checks the range) and `memoFile`, when present. */
function optionalFields(value: Fields): { threads?: number; memoFile?: string } {
  const { threads, memoFile } = value
  return {
    ...(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && { threads }),
    ...(typeof memoFile === 'string' && memoFile !== '' && { memoFile })
  }
}

function parseDataSource(value: unknown): Result<DataSource> {
  const parsed = dataSourceSchema.safeParse(value)
  if (parsed.success) return ok(parsed.data)
  const issue = parsed.error.issues[0]
  const field = ['request.data', ...(issue?.path ?? [])].join('.')
  return fail(`${field} ${issue?.message ?? 'is not a data source'}`)
}

/**
 * A trainer event, or null when the message is not one. Checks the tag and that the payload
 * field the tag promises is present; the trainer is our own code, so deeper checks would only
 * cost time on every step.
 */
export function parseTrainEvent(message: unknown): TrainEvent | null {
  if (!isObject(message) || typeof message.type !== 'string' || !EVENT_TYPES.has(message.type))
    return null
  const payload: Record<string, string> = {
    phase: 'phase',
    backend: 'backend',
    dataset: 'dataset',
    layers: 'layers',
    step: 'record',
    probe: 'record',
    epoch: 'record',
    state: 'state',
    weights: 'tensors',
    end: 'end'
  }
  const field = payload[message.type]
  if (field !== undefined && !(field in message)) return null
  return message as unknown as TrainEvent
}
