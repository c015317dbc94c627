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

/** Parses text written by `stringify`. Throws on malformed JSON. */
export function parse<T = unknown>(text: string): T {
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
  /** 1-based numbers of complete lines that were not valid JSON (skipped). */
  badLines: number[]
}

/**
 * Parses a JSON-lines file's text. A last line without its newline is a torn write: it is
 * dropped and reported, never returned as data, even when it happens to parse.
 */
export function parseLines<T = unknown>(text: string): ParsedLines<T> {
  const records: T[] = []
  const badLines: number[] = []
  const lines = text.split('\n')
  const tail = lines.pop() ?? ''
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    try {
      records.push(parse<T>(line))
    } catch {
      badLines.push(i + 1)
    }
  })
  return { records, tornTail: tail.length > 0, badLines }
}
