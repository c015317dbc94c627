/**
 * A run's JSON-lines records (steps, probes, epochs) read as a stream and thinned to what one
 * answer to the renderer can carry (record-thinning.ts): a genuinely long run opens showing N of
 * its M records instead of being refused. Steps are parsed one by one (min/max decimation needs
 * each loss); probes and epochs are kept as text and only the kept ones are parsed, so a 450 MB
 * probes file costs a scan, not 450 MB of JSON.parse. A line that is no record of its file's
 * schema is a bad line (for probes and epochs, among the kept ones: the others are not read).
 */
import { parse } from '../contract/json-lines'
import type { StepRecord } from '../contract/runs/records'
import { streamLines } from './line-stream'
import { minMaxKeeper, spacedKeeper, type RecordKeeper, type Thinning } from './record-thinning'
import { recordFits, type RecordFile } from './run-schemas'

const MIB = 2 ** 20

/**
 * The most of each file one run answer holds. A probe record of a wide model is tens of KB, so
 * probes are capped in bytes first; together they stay far below V8's 512 MiB string limit.
 */
export const RECORD_CAPS: Readonly<Record<RecordFile, Thinning>> = {
  steps: { maxRecords: 20_000, maxBytes: 16 * MIB },
  probes: { maxRecords: 2_000, maxBytes: 96 * MIB },
  epochs: { maxRecords: 5_000, maxBytes: 32 * MIB }
}

export interface StreamedRecords<T> {
  /** The kept records, in file order. */
  records: T[]
  /** Complete, non-blank lines in the file (records.length when nothing was thinned). */
  total: number
  /** True when the file did not end in a newline; its torn last line was dropped. */
  tornTail: boolean
  /** 1-based numbers of lines that were not valid JSON or no record of the file (skipped). */
  badLines: number[]
}

interface Line {
  text: string
  number: number
}

/** A parsed line when it is a record of `file`, else null. */
function recordOf<T>(file: RecordFile, text: string): T | null {
  try {
    const record = parse<T>(text)
    return recordFits(file, record) ? record : null
  } catch {
    return null
  }
}

/**
 * Streams run file `path` (its records are `file`'s) and keeps at most `cap` of them. An absent
 * file is no records. Refuses links, pipes and devices (run-file.ts). Does not write.
 */
export async function readRecords<T>(
  path: string,
  file: RecordFile,
  cap: Thinning = RECORD_CAPS[file]
): Promise<StreamedRecords<T>> {
  const badLines: number[] = []
  let total = 0
  // Steps: parsed as they pass (the keeper ranks them by loss). Others: text until kept.
  const steps = file === 'steps' ? minMaxKeeper<StepRecord>(cap) : null
  const lines: RecordKeeper<Line> | null = steps ? null : spacedKeeper<Line>(cap)
  const end = await streamLines(path, (text, number, bytes) => {
    if (steps) {
      const record = recordOf<StepRecord>(file, text)
      if (record) steps.offer(total, record, bytes)
      else badLines.push(number)
    } else lines!.offer(total, { text, number }, bytes)
    total++
  })
  if (end === null) return { records: [], total: 0, tornTail: false, badLines: [] }
  const records: T[] = []
  if (steps) records.push(...(steps.kept() as T[]))
  else
    for (const line of lines!.kept()) {
      const record = recordOf<T>(file, line.text)
      if (record) records.push(record)
      else badLines.push(line.number)
    }
  badLines.push(...end.longLines)
  return { records, total, tornTail: end.tornTail, badLines: badLines.sort((a, b) => a - b) }
}
