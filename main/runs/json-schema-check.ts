/**
 * JSON Schema (draft 2020-12) validation of run records against resources/run-format/*.schema.json,
 * through ajv, with each problem said as "path: what was expected", e.g.
 * `$.splits[0].counts: expected at most 10 items, got 12`. The run reader checks records with it
 * at the door (run-schemas.ts); the tests check written runs with it. ajv's strict mode refuses a
 * keyword it does not know, so a schema cannot silently use one nobody checks. Arrays are
 * checked for their length before their items, and validation stops at the first problem, so a
 * crafted file with millions of items costs one comparison. Pure: no I/O.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020'

export type Schema = Record<string, unknown> | boolean

// addUsedSchema: false lets a test compile a fresh copy of a schema whose $id was seen before.
// strictNumbers off: records are checked after parsing, where the strings "NaN", "Infinity" and
// "-Infinity" have become numbers (main/contract/json-lines.ts); a NaN loss is a record, not damage.
const ajv = new Ajv2020({
  strict: true,
  strictNumbers: false,
  allowUnionTypes: true,
  addUsedSchema: false,
  verbose: true
})
const compiled = new WeakMap<object, ValidateFunction>()

/** The compiled validator of `schema`, compiled once per schema object. Throws when ajv refuses
 *  the schema (an unknown keyword, a broken $ref). */
function validatorOf(schema: Schema): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema)
  let fn = compiled.get(schema)
  if (fn === undefined) {
    fn = ajv.compile(schema)
    compiled.set(schema, fn)
  }
  return fn
}

/**
 * The problems of `value` against `schema` (a whole schema document, its $defs included), as
 * "path: why" with paths written `$.a.b[2]`; [] when it fits. Does not mutate.
 */
export function validate(schema: Schema, value: unknown): string[] {
  const fn = validatorOf(schema)
  if (fn(value)) return []
  const errors = fn.errors ?? []
  // An anyOf / oneOf failure lists each alternative's own error before its own: said once, by it.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
  const inUnion = (e: ErrorObject) =>
    unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`))
  return errors
    .filter((e) => !inUnion(e))
    .map((e) => `${pathOf(e)}: ${why(e, errors)}`)
}

/** `/splits/0/confusion` → `$.splits[0].confusion`; an unwanted property's own path. */
function pathOf(e: ErrorObject): string {
  const keys = e.instancePath
    .split('/')
    .slice(1)
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'))
  if (e.keyword === 'additionalProperties')
    keys.push(String((e.params as { additionalProperty: string }).additionalProperty))
  return keys.reduce((p, k) => (/^\d+$/.test(k) ? `${p}[${k}]` : `${p}.${k}`), '$')
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** What `e` says was expected (and what was found), in words. */
function why(e: ErrorObject, all: readonly ErrorObject[]): string {
  const p = e.params as Record<string, unknown>
  const got = () => show(e.data) // not for an array over its cap: it may hold millions
  switch (e.keyword) {
    case 'type':
      return `expected ${String(p.type).replaceAll(',', ' or ')}, got ${got()}`
    case 'enum':
      return `${got()} is not one of ${show(p.allowedValues)}`
    case 'const':
      return `must be ${show(p.allowedValue)}, got ${got()}`
    case 'required':
      return `${String(p.missingProperty)} is missing`
    case 'additionalProperties':
      return 'not allowed (no such field in this format)'
    case 'anyOf':
    case 'oneOf': {
      const branches = all
        .filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`))
        .map((b) => why(b, all))
      const alternatives = branches.length > 0 ? `: ${branches.join('; or ')}` : ''
      return e.keyword === 'oneOf' && branches.length === 0
        ? `${got()} matches more than one of the oneOf alternatives`
        : `${got()} matches none of the alternatives${alternatives}`
    }
    case 'minItems':
      return `expected at least ${String(p.limit)} items, got ${(e.data as unknown[]).length}`
    case 'maxItems':
      return `expected at most ${String(p.limit)} items, got ${(e.data as unknown[]).length}`
    case 'minLength':
    case 'maxLength':
      return `${got()} is ${e.keyword === 'minLength' ? 'shorter' : 'longer'} than ${String(p.limit)} characters`
    case 'pattern':
      return `${got()} does not match ${String(p.pattern)}`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `expected ${String(p.comparison)} ${String(p.limit)}, got ${got()}`
    default:
      return `${got()} ${e.message ?? `breaks ${e.keyword}`}`
  }
}
