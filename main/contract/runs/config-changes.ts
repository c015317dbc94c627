/**
 * Config changes as data: `training.optimizer.learningRate` → 0.0001. A fork of a run is its
 * parent's config with a list of these applied (the CLI's `--set PATH=VALUE`, a finding's fix,
 * the app's "Try the fix"). Each change is checked against the config schema, and an error names
 * the path and what is wrong with it. Pure: zod-free except through parseRunConfig.
 */
import type { ConfigChange } from './summary'
import { fail, ok, type Result } from '../result'
import { fieldPath, parseRunConfig } from '../config/validate'
import type { RunConfig } from '../config/schema'

/** Paths a fork may not change: a fork keeps its parent's seed, so the same random draws. */
const FROZEN = new Set(['training.seed'])

/**
 * `PATH=VALUE` from the command line as a change: VALUE is parsed as JSON where it parses
 * (`1e-4`, `true`, `null`, `"x"`), else taken as a string (`he-normal`). Objects and arrays are
 * refused: a change sets one value. Pure.
 */
export function parseSetFlag(text: string): Result<ConfigChange> {
  const at = text.indexOf('=')
  if (at <= 0)
    return fail(
      `--set ${text}: write PATH=VALUE, e.g. --set training.optimizer.learningRate=0.0001.`
    )
  const path = text.slice(0, at).trim()
  const raw = text.slice(at + 1).trim()
  if (raw === '') return fail(`--set ${path}: give a value after "=".`)
  let value: unknown = raw
  try {
    value = JSON.parse(raw)
  } catch {
    // not JSON: the text itself, e.g. an initializer's name
  }
  if (value !== null && typeof value === 'object')
    return fail(`--set ${path}: the value must be a number, text, true, false or null, not ${raw}.`)
  return ok({ path, value: value as ConfigChange['value'] })
}

/**
 * The dotted path as keys: `model.layers.2.units` → ['model', 'layers', 2, 'units']. The
 * shorthand `layers.N…` (what findings name) stands for `model.layers.N…`. Pure.
 */
export function pathKeys(path: string): (string | number)[] {
  const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k))
  return keys[0] === 'layers' ? ['model', ...keys] : keys
}

/** The canonical dotted form of `path` (the `layers.` shorthand expanded). Pure. */
export function canonicalPath(path: string): string {
  return pathKeys(path).join('.')
}

/**
 * `config` with `changes` applied in order, validated against the schema (defaults filled in).
 * A change that sets an object's `type` (an optimizer, an initializer) drops the sibling fields
 * the new type does not take, so `training.optimizer.type` → `sgd` leaves Adam's betas behind.
 * Errors name the change's path: an unknown field, a value out of range, a frozen path.
 * Does not mutate `config`.
 */
export function applyChanges(
  config: RunConfig,
  changes: readonly ConfigChange[]
): Result<RunConfig> {
  if (changes.length === 0) return fail('No change to apply: a fork changes at least one setting.')
  const draft = structuredClone(config) as unknown as Record<string, unknown>
  const typeParents: (string | number)[][] = []
  for (const change of changes) {
    const keys = pathKeys(change.path)
    const problem = setAt(draft, keys, change.value, change.path)
    if (problem) return fail(problem)
    if (keys.at(-1) === 'type') typeParents.push(keys.slice(0, -1))
  }
  let parsed = parseRunConfig(draft)
  if (!parsed.ok && typeParents.length > 0) {
    for (const problem of parsed.problems) dropUnknownSiblings(draft, typeParents, problem)
    parsed = parseRunConfig(draft)
  }
  if (!parsed.ok)
    return fail(`${changeList(changes)}: ${parsed.error.replace(/^Invalid configuration: /, '')}`)
  return ok(parsed.value)
}

/** Sets `keys` in `root` (creating missing objects); a message when the path cannot be set. */
function setAt(
  root: Record<string, unknown>,
  keys: readonly (string | number)[],
  value: unknown,
  path: string
): string | null {
  const canonical = keys.join('.')
  if (keys.length === 0 || keys.some((k) => k === ''))
    return `--set ${path}: not a path; write it dotted, e.g. training.optimizer.learningRate.`
  if (FROZEN.has(canonical))
    return `${path}: a fork keeps its parent's seed (so the same weights and batches); to try another seed, train a new run with --seed.`
  let node: unknown = root
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!
    const container = node as Record<string | number, unknown>
    if (Array.isArray(container) && (typeof key !== 'number' || key >= container.length))
      return `${path}: ${keys.slice(0, i).join('.')} has ${container.length} entries (0 to ${container.length - 1}); ${key} is not one of them.`
    if (container[key] === undefined && !Array.isArray(container)) container[key] = {}
    node = container[key]
    if (node === null || typeof node !== 'object')
      return `${path}: ${keys.slice(0, i + 1).join('.')} is ${JSON.stringify(node)}, not a section with fields.`
  }
  const last = keys.at(-1)!
  if (Array.isArray(node) && (typeof last !== 'number' || last >= node.length))
    return `${path}: ${keys.slice(0, -1).join('.')} has ${node.length} entries; ${last} is not one of them.`
  ;(node as Record<string | number, unknown>)[last] = value
  return null
}

/** Replaces the object a change set a `type` in by one without the keys the schema rejects. */
function dropUnknownSiblings(
  root: Record<string, unknown>,
  typeParents: readonly (string | number)[][],
  problem: { field: string; message: string }
): void {
  for (const keys of typeParents) {
    if (problem.field !== fieldPath(keys)) continue
    let node: unknown = root
    for (const k of keys) node = (node as Record<string | number, unknown>)[k]
    if (node === null || typeof node !== 'object') continue
    const kept = Object.entries(node).filter(([key]) => !problem.message.includes(`"${key}"`))
    setAt(root, keys, Object.fromEntries(kept), keys.join('.'))
  }
}

/** `training.optimizer.learningRate=0.0001, data.normalize="none"`, for messages. */
function changeList(changes: readonly ConfigChange[]): string {
  return changes.map((c) => `${c.path}=${JSON.stringify(c.value)}`).join(', ')
}
