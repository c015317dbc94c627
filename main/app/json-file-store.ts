/**
 * A small JSON document kept in a file (settings.json, recent-folders.json in userData),
 * validated on every read. A missing file means defaults; a corrupt or invalid one is moved
 * aside to `<name>.corrupt-<time>.json` (kept for the person to inspect) and defaults are used,
 * so a bad file never stops the app. Writes are atomic and flushed (atomic-write.ts: temp file,
 * fsync, rename, fsync of the folder).
 */
import { readFile, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import { messageOf } from '../contract/result'
import { writeFileAtomic } from '../files/atomic-write'

export interface JsonFileStore<T> {
  /** The stored value (validated), or the defaults. Reads the file on first use only. */
  read(): Promise<T>
  /**
   * Replaces the value with `change(current)`, validated, and stores it; returns what was stored.
   * Updates run one at a time, so concurrent changes never lose each other. Throws on an invalid
   * value (nothing is written then).
   */
  update(change: (current: T) => T): Promise<T>
  /** Set when the last load found a corrupt file: where it was moved, and why. */
  readonly recovered: { backup: string; reason: string } | null
}

/** A store for `path` whose content `schema` validates; `defaults()` gives a fresh default. */
export function jsonFileStore<S extends z.ZodType>(
  path: string,
  schema: S,
  defaults: () => z.output<S>,
  now: () => Date = () => new Date()
): JsonFileStore<z.output<S>> {
  let cached: z.output<S> | null = null
  let recovered: { backup: string; reason: string } | null = null
  let queue: Promise<unknown> = Promise.resolve()

  const load = async (): Promise<z.output<S>> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (thrown) {
      if ((thrown as { code?: string }).code === 'ENOENT') return defaults()
      throw new Error(`Cannot read ${path}: ${messageOf(thrown)}`, { cause: thrown })
    }
    const problem = validate(schema, text)
    if (problem.ok) return problem.value
    const backup = join(dirname(path), `${basename(path, '.json')}.corrupt-${stamp(now())}.json`)
    await rename(path, backup)
    recovered = { backup, reason: problem.reason }
    console.warn(
      `${path} was unusable (${problem.reason}); moved it to ${backup} and used defaults.`
    )
    return defaults()
  }

  let loading: Promise<z.output<S>> | null = null
  const read = async (): Promise<z.output<S>> => {
    if (cached !== null) return cached
    loading ??= load()
    cached = await loading
    return cached
  }

  return {
    read,
    update(change) {
      const next = queue.then(async () => {
        const checked = schema.parse(change(await read())) as z.output<S>
        await writeFileAtomic(path, `${JSON.stringify(checked, null, 2)}\n`)
        cached = checked
        return checked
      })
      queue = next.catch(() => undefined)
      return next
    },
    get recovered() {
      return recovered
    }
  }
}

function validate<S extends z.ZodType>(
  schema: S,
  text: string
): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (thrown) {
    return { ok: false, reason: `not JSON: ${messageOf(thrown)}` }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data as z.output<S> }
  const first = parsed.error.issues[0]
  if (first === undefined) return { ok: false, reason: 'the document does not match its schema' }
  return { ok: false, reason: `${first.path.join('.') || 'the document'}: ${first.message}` }
}

const stamp = (at: Date) => at.toISOString().replace(/[:.]/g, '-')
