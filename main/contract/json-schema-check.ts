/**
 * A JSON Schema validator for exactly the keywords resources/run-format/*.schema.json
 * use (type, enum, const, properties, required, additionalProperties, items, prefixItems,
 * min/maxItems, min/maxLength, pattern, minimum, maximum, exclusiveMinimum/Maximum, anyOf, oneOf, local
 * $ref). An unknown keyword throws, so a schema cannot silently use one this does not check.
 * test/python/fixtures/validate_run.py is the same in Python. The run reader checks records
 * with it at the door (main/runs/run-schemas.ts); the tests check written runs. Pure.
 */
export type Schema = Record<string, unknown> | boolean
const IGNORED = new Set(['$schema', '$id', '$defs', 'title', 'description', 'default'])

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'null':
      return v === null
    case 'boolean':
      return typeof v === 'boolean'
    case 'integer':
      return Number.isInteger(v)
    case 'number':
      return typeof v === 'number'
    case 'string':
      return typeof v === 'string'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
    default:
      throw new Error(`unknown type ${type}`)
  }
}

/** Every problem of `value` against `schema` (root: the document holding $defs), as "path: why". */
export function validate(
  schema: Schema,
  value: unknown,
  root: Schema = schema,
  path = '$'
): string[] {
  if (schema === true) return []
  if (schema === false) return [`${path}: not allowed`]
  // An array over its cap is refused before its items are walked: a crafted file may hold millions.
  const cap = (schema as { maxItems?: number }).maxItems
  if (Array.isArray(value) && cap !== undefined && value.length > cap)
    return [`${path}: ${value.length} items breaks maxItems ${cap}`]
  const errors: string[] = []
  const v = value as Record<string, unknown>
  const list = value as unknown[]
  const n = value as number
  const sub = (s: unknown, x: unknown, p: string) => validate(s as Schema, x, root, p)
  for (const [key, arg] of Object.entries(schema)) {
    const a = arg as never
    const fail = (why: string) => errors.push(`${path}: ${why}`)
    if (IGNORED.has(key)) continue
    if (key === '$ref') {
      const name = String(arg).replace('#/$defs/', '')
      errors.push(...sub((root as { $defs: Record<string, Schema> }).$defs[name], value, path))
    } else if (key === 'type') {
      const types = Array.isArray(arg) ? (arg as string[]) : [arg as string]
      if (!types.some((t) => typeOk(t, value)))
        fail(`expected ${types.join(' or ')}, got ${JSON.stringify(value)}`)
    } else if (key === 'enum') {
      if (!(arg as unknown[]).some((e) => e === value))
        fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(arg)}`)
    } else if (key === 'const') {
      if (value !== arg) fail(`must be ${JSON.stringify(arg)}`)
    } else if (key === 'anyOf' || key === 'oneOf') {
      const passing = (arg as Schema[]).filter((s) => sub(s, value, path).length === 0).length
      if (key === 'anyOf' ? passing === 0 : passing !== 1)
        fail(`${JSON.stringify(value)?.slice(0, 80)} matches ${passing} of the ${key} alternatives`)
    } else if (
      !typeOk('object', value) &&
      ['properties', 'required', 'additionalProperties'].includes(key)
    ) {
      continue
    } else if (key === 'properties') {
      for (const [name, s] of Object.entries(arg as Record<string, Schema>))
        if (name in v) errors.push(...sub(s, v[name], `${path}.${name}`))
    } else if (key === 'required') {
      for (const name of arg as string[]) if (!(name in v)) fail(`${name} is missing`)
    } else if (key === 'additionalProperties') {
      const known = Object.keys((schema as { properties?: object }).properties ?? {})
      for (const name of Object.keys(v).filter((k) => !known.includes(k)))
        errors.push(...sub(arg, v[name], `${path}.${name}`))
    } else if (
      !Array.isArray(value) &&
      ['items', 'prefixItems', 'minItems', 'maxItems'].includes(key)
    ) {
      continue
    } else if (key === 'prefixItems') {
      ;(arg as Schema[]).forEach(
        (s, i) => i < list.length && errors.push(...sub(s, list[i], `${path}[${i}]`))
      )
    } else if (key === 'items') {
      const from = ((schema as { prefixItems?: unknown[] }).prefixItems ?? []).length
      list.slice(from).forEach((x, i) => errors.push(...sub(arg, x, `${path}[${i + from}]`)))
    } else if (key === 'minItems' || key === 'maxItems') {
      if (key === 'minItems' ? list.length < a : list.length > a)
        fail(`${list.length} items breaks ${key} ${a}`)
    } else if (key === 'pattern') {
      if (typeof value === 'string' && !new RegExp(String(arg), 'u').test(value))
        fail(`${JSON.stringify(value)} does not match ${String(arg)}`)
    } else if (key === 'minLength' || key === 'maxLength') {
      if (typeof value === 'string' && (key === 'minLength' ? value.length < a : value.length > a))
        fail(`length breaks ${key} ${a}`)
    } else if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(key)) {
      if (typeof value !== 'number') continue
      const bad = {
        minimum: n < a,
        maximum: n > a,
        exclusiveMinimum: n <= a,
        exclusiveMaximum: n >= a
      }
      if (bad[key as keyof typeof bad]) fail(`${n} breaks ${key} ${a}`)
    } else {
      throw new Error(`${path}: the schema validator does not know the keyword ${key}`)
    }
  }
  return errors
}
