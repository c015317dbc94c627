/**
 * Validation of run configurations with messages that name the field and the problem,
 * e.g. `model.layers[2].units: expected a whole number greater than 0, got -3`.
 * Pure: no I/O. Files are read by their callers (main/cli/train.ts, main/config/presets.ts).
 */
import type { z } from 'zod'
import { MAX_JSON_DEPTH, TOO_DEEP, valueNestedDeeperThan } from '../json-lines'
import { runConfigSchema, type RunConfig } from './schema'

export interface ConfigProblem {
  /** Dotted path of the field, e.g. `training.optimizer.learningRate`; `(config)` for the root. */
  field: string
  message: string
}

export type ConfigParse =
  { ok: true; value: RunConfig } | { ok: false; problems: ConfigProblem[]; error: string }

/** Validates and fills defaults. Does not mutate `input`. */
export function parseRunConfig(input: unknown): ConfigParse {
  if (valueNestedDeeperThan(input, MAX_JSON_DEPTH)) {
    const error = `Invalid configuration: it is ${TOO_DEEP}.`
    return { ok: false, problems: [{ field: '(config)', message: error }], error }
  }
  const current = withCurrentKeys(input)
  const parsed = runConfigSchema.safeParse(current)
  if (parsed.success) return { ok: true, value: parsed.data }
  const problems = parsed.error.issues.map((issue) => ({
    field: fieldPath(issue.path),
    message: describeIssue(issue, current)
  }))
  const error = problems.map((p) => `${p.field}: ${p.message}`).join('; ')
  return { ok: false, problems, error: `Invalid configuration: ${error}` }
}

/** The probe settings' name before they were called `probe` (configs and runs written till 2026-12). */
export const LEGACY_PROBE_KEY = 'instruments'

/**
 * `input` with the probe settings under their current key: an old config's `instruments` is
 * read as `probe`; where both are present (an old file with a `--set probe.…`), `probe`'s
 * fields win. Anything else is returned as it is. Does not mutate `input`.
 */
export function withCurrentKeys(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || !(LEGACY_PROBE_KEY in input)) return input
  const { [LEGACY_PROBE_KEY]: legacy, ...rest } = input as Record<string, unknown>
  const probe = (rest as { probe?: unknown }).probe
  const bothObjects = [legacy, probe].every((v) => typeof v === 'object' && v !== null)
  if (probe !== undefined && !bothObjects) return input // a type error the schema names
  return { ...rest, probe: probe === undefined ? legacy : { ...(legacy as object), ...probe } }
}

/** `['model','layers',2,'units']` → `model.layers[2].units`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '(config)' : out
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root
  for (const key of path) {
    // An initializer may be written as its name alone: "he" stands for { type: "he" }.
    if (typeof cur === 'string' && key === 'type') return cur
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PropertyKey, unknown>)[key]
  }
  return cur
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** `must be one of 1, 3` when every branch of a union is a set of literal values, else null. */
function unionChoices(branches: readonly (readonly z.core.$ZodIssue[])[]): string | null {
  const values: unknown[] = []
  for (const branch of branches) {
    const only = branch.length === 1 ? branch[0] : null
    if (only?.code !== 'invalid_value') return null
    values.push(...only.values)
  }
  return values.length > 0
    ? `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`
    : null
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const got = valueAt(input, issue.path)
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${show(got)}`
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum
      const word = issue.code === 'too_small' ? 'at least' : 'at most'
      const strict = issue.inclusive === false
      const rel =
        issue.code === 'too_small' ? (strict ? 'greater than' : word) : strict ? 'less than' : word
      if (issue.origin === 'array')
        return `needs ${word} ${String(bound)} entries, got ${Array.isArray(got) ? got.length : show(got)}`
      if (issue.origin === 'string') return `needs ${word} ${String(bound)} characters`
      return `must be ${rel} ${String(bound)}, got ${show(got)}`
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${show(got)}`
    case 'invalid_union': {
      if ('options' in issue && Array.isArray(issue.options))
        return `must be one of ${issue.options.map(String).join(', ')}; got ${show(got)}`
      const choices = unionChoices(issue.errors)
      return choices ? `${choices}; got ${show(got)}` : `is not valid here (got ${show(got)})`
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    default:
      return issue.message
  }
}
