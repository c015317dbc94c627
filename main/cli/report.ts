/**
 * `npm run report -- <run-dir> [--format html,pdf,csv,json,tfevents,model] [--out DIR]`:
 * exports a recorded run. Prints one line per written file and one per failed format (with the
 * reason); exits 0 when every format was written, 1 when any failed, 2 on a usage error.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { messageOf } from '../result'
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

/** Parses the command line (without node and script). Throws a usage message on bad input. */
export function parseReportArgs(argv: readonly string[]): ReportArgs {
  let runDir: string | null = null
  let formats: ExportFormat[] = ['html', 'csv', 'json']
  let outDir: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`)
      return v
    }
    if (arg === '--format' || arg === '--formats') formats = parseFormats(value())
    else if (arg === '--out') outDir = value()
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE)
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}.\n${USAGE}`)
    else if (runDir === null) runDir = arg
    else
      throw new Error(
        `Only one run folder can be exported at a time (got "${runDir}" and "${arg}").\n${USAGE}`
      )
  }
  if (runDir === null) throw new Error(`Name the run folder to export.\n${USAGE}`)
  return { runDir: resolve(runDir), formats, outDir: resolve(outDir ?? `${runDir}/report`) }
}

async function main(): Promise<number> {
  let args: ReportArgs
  try {
    args = parseReportArgs(process.argv.slice(2))
  } catch (thrown) {
    console.error(messageOf(thrown))
    return 2
  }
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
