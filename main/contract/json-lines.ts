/**
 * JSON with non-finite numbers, one record per line. NaN, Infinity and -Infinity are written as
 * the strings "NaN", "Infinity" and "-Infinity" (JSON has no literal for them, and null or an
 * empty cell would hide a divergence); a reader turns exactly those strings back into numbers.
 * A string that only looks like one (a class folder or layer named "NaN") is written with one
 * backslash in front ("\\NaN"; one more for each backslash it already starts with), so it comes
 * back as the same string. Float32Arrays are written as plain arrays. Pure.
 */

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY
}

/** Strings escaped so they are not read as numbers: NaN, Infinity, -Infinity after any backslashes. */
const LOOKS_NON_FINITE = /^\\*(NaN|Infinity|-Infinity)$/

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && LOOKS_NON_FINITE.test(value)) return `\\${value}`
  // Elements come back through this replacer, which spells out the non-finite ones.
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>)
  return value
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !LOOKS_NON_FINITE.test(value)) return value
  return value in NON_FINITE ? NON_FINITE[value] : value.slice(1)
}

/** One value as JSON text with non-finite numbers spelled out. */
export function stringify(value: unknown, indent?: number): string {
  return JSON.stringify(value, replacer, indent)
}

/**
 * How deep JSON read from outside may nest. Trainscape's own records and configs nest fewer than
 * ten levels; JSON.parse with a reviver recurses once per level and overflows the stack near
 * 5,000, so deeper text is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64

/** The error for JSON nested deeper than MAX_JSON_DEPTH levels. */
export const TOO_DEEP = `nested more than ${MAX_JSON_DEPTH} levels deep (no Trainscape file or request needs that many)`

/** True when the JSON `text` opens more than `limit` objects or arrays inside each other. */
export function textNestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // a backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true
    } else if (c === 125 || c === 93) depth--
  }
  return false
}

/**
 * True when `value` nests objects or arrays more than `limit` levels deep. Walks with its own
 * stack, so a value too deep for recursion (from Electron IPC, say) cannot overflow it.
 */
export function valueNestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [item, above] = stack.pop()!
    if (item === null || typeof item !== 'object') continue
    if (above >= limit) return true
    for (const child of Object.values(item)) stack.push([child, above + 1])
  }
  return false
}

/** Plain JSON.parse (no reviver) of text from outside, refusing JSON nested too deep first. */
export function parseBoundedJson(text: string): unknown {
  if (textNestedDeeperThan(text, MAX_JSON_DEPTH)) throw new Error(`the JSON is ${TOO_DEEP}`)
  return JSON.parse(text)
}

/** Parses text written by `stringify`. Throws on malformed JSON and on JSON nested too deep. */
export function parse<T = unknown>(text: string): T {
  if (textNestedDeeperThan(text, MAX_JSON_DEPTH)) throw new Error(`The JSON is ${TOO_DEEP}.`)
  return JSON.parse(text, reviver) as T
}

/** One record as a line, newline included. */
export function toLine(record: unknown): string {
  return `${stringify(record)}\n`
}

export interface ParsedLines<T> {
  records: T[]
  /** True when the text did not end in a complete record (a torn write), which was dropped. */
  tornTail: boolean
  /** 1-based numbers of complete lines that were not valid JSON, or not a record (skipped). */
  badLines: number[]
}

/**
 * Parses a JSON-lines file's text. A last line without its newline is a torn write: it is
 * dropped and reported, never returned as data, even when it happens to parse. A line that
 * parses but that `fits` refuses (not a record of this file) is skipped as a bad line.
 */
export function parseLines<T = unknown>(
  text: string,
  fits: (record: unknown) => boolean = () => true
): ParsedLines<T> {
  const records: T[] = []
  const badLines: number[] = []
  const lines = text.split('\n')
  const tail = lines.pop() ?? ''
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    try {
      const record = parse<T>(line)
      if (fits(record)) records.push(record)
      else badLines.push(i + 1)
    } catch {
      badLines.push(i + 1)
    }
  })
  return { records, tornTail: tail.length > 0, badLines }
}
