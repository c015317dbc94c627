/**
 * `npm run report -- <run-dir> [--format html,pdf,csv,json,tfevents,model] [--out DIR]`:
 * exports a recorded run. Prints one line per written file and one per failed format (with the
 * reason); exits 0 when every format was written, 1 when any failed, 2 on a usage error.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { fail, messageOf, ok, type Result } from '../contract/result'
import {
  EXPORT_FORMATS,
  exportRun,
  parseFormats,
  type ExportFormat
} from '../runs/export/export-run'

const USAGE = `Usage: npm run report -- <run-dir> [--format ${EXPORT_FORMATS.join(',')}] [--out DIR]
  --format  comma-separated formats (default: html,csv,json)
  --out     folder to write into (default: <run-dir>/report)`

interface ReportArgs {
  runDir: string
  formats: ExportFormat[]
  outDir: string
}

const OPTIONS = {
  format: { type: 'string' },
  formats: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** Parses the command line (without node and script). Errors are values ending in the usage. */
export function parseReportArgs(argv: readonly string[]): Result<ReportArgs | 'help'> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
  } catch (thrown) {
    return fail(`${messageOf(thrown)}.\n${USAGE}`)
  }
  const { values, positionals } = parsed
  if (values.help) return ok('help')
  if (positionals.length === 0) return fail(`Name the run folder to export.\n${USAGE}`)
  if (positionals.length > 1) {
    const [first, second] = positionals
    return fail(
      `Only one run folder can be exported at a time (got "${first}" and "${second}").\n${USAGE}`
    )
  }
  const runDir = positionals[0]!
  const formatText = values.format ?? values.formats
  let formats: ExportFormat[] = ['html', 'csv', 'json']
  if (formatText !== undefined) {
    try {
      formats = parseFormats(formatText)
    } catch (thrown) {
      return fail(messageOf(thrown))
    }
  }
  const outDir = resolve(values.out ?? `${runDir}/report`)
  return ok({ runDir: resolve(runDir), formats, outDir })
}

async function main(): Promise<number> {
  const parsed = parseReportArgs(process.argv.slice(2))
  if (!parsed.ok) {
    console.error(parsed.error)
    return 2
  }
  if (parsed.value === 'help') {
    console.log(USAGE)
    return 0
  }
  const args = parsed.value
  try {
    const outcomes = await exportRun(args.runDir, args.formats, args.outDir)
    for (const o of outcomes) {
      if (o.ok) o.paths.forEach((p) => console.log(`${o.format}: ${p}`))
      else console.error(`${o.format}: FAILED — ${o.error}`)
    }
    return outcomes.every((o) => o.ok) ? 0 : 1
  } catch (thrown) {
    console.error(messageOf(thrown))
    return 1
  }
}

/** True when this file is the program being run (not imported by a test). */
function isEntryPoint(): boolean {
  return (
    process.argv[1] !== undefined &&
    import.meta.url === pathToFileURL(resolve(process.argv[1])).href
  )
}

if (isEntryPoint()) process.exitCode = await main()
