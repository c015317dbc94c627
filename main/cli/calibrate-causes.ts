/**
 * `npm run calibrate-causes -- [--data sample|DIR]… [--seeds 1,2,3] [--case NAME] [--input-shape HxWxC] [--json]`:
 * trains each constructed cause case (main/claims/cause-calibration.ts) and the healthy presets
 * on each dataset and seed, prints per case how often the first finding's cause was named right,
 * how many runs had a wrong cause, and whether the fix's run (same seed, only the fix changed)
 * made the finding go away.
 */
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { CAUSE_CASES, calibrateCause, causeTable, type CauseRun } from '../claims/cause-calibration'
import type { SmallRunPlace } from '../claims/small-run'
import { messageOf } from '../contract/result'
import { DEFAULT_CACHE } from './args'
import { dataSource } from './train'

export const CALIBRATE_CAUSES_USAGE = `Usage: npm run calibrate-causes -- [options]

Trains constructed cases of each cause and the healthy presets, and tabulates how often the
findings engine names the right cause and whether its fix cures the finding.

  --data <folder|sample>   images (default: sample); may be given more than once
  --seeds 1,2,3,4,5        seeds (default: 1,2,3,4,5)
  --case NAME              one case (default: every case)
  --input-shape HxWxC      train folders at this shape (e.g. 32x32x3 for a colour folder)
  --cache DIR              decoded-image cache (default: ${DEFAULT_CACHE})
  --json                   print the runs as JSON instead of a table
  --help                   show this text

Exit codes: 0 every cause named right, every fix cured and no healthy run alarmed; 1 otherwise; 2 bad input.`

const OPTIONS = {
  data: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  case: { type: 'string' },
  'input-shape': { type: 'string' },
  cache: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' }
} as const

function fail(message: string): number {
  process.stderr.write(`${message}\n`)
  return 2
}

/** Runs the command; returns the exit code. */
export async function calibrateCauses(argv: readonly string[]): Promise<number> {
  let values
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values
  } catch (thrown) {
    return fail(`${messageOf(thrown)}. See --help.`)
  }
  if (values.help) {
    process.stdout.write(`${CALIBRATE_CAUSES_USAGE}\n`)
    return 0
  }
  const seeds = (values.seeds ?? '1,2,3,4,5').split(',').map((s) => Number(s.trim()))
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0))
    return fail(
      `--seeds takes whole numbers separated by commas, e.g. 1,2,3; got "${values.seeds}".`
    )
  const cases = CAUSE_CASES.filter((c) => !values.case || c.name === values.case)
  if (cases.length === 0)
    return fail(
      `There is no case "${values.case}". Cases: ${CAUSE_CASES.map((c) => c.name).join('; ')}.`
    )
  const dims = values['input-shape']?.split('x').map(Number)
  if (
    dims &&
    (dims.length !== 3 ||
      !dims.every((d) => Number.isInteger(d) && d > 0) ||
      ![1, 3].includes(dims[2]!))
  )
    return fail(
      `--input-shape takes HxWxC with C 1 or 3, e.g. 32x32x3; got "${values['input-shape']}".`
    )
  const cache = resolve(values.cache ?? DEFAULT_CACHE)
  await mkdir(cache, { recursive: true })
  const runs: CauseRun[] = []
  for (const name of values.data ?? ['sample']) {
    const data = await dataSource(name)
    if (!data.ok) return fail(data.error)
    const place: SmallRunPlace = {
      data: data.value,
      cacheDir: cache,
      ...(dims && data.value.kind === 'folder'
        ? { inputShape: dims as [number, number, 1 | 3] }
        : {})
    }
    for (const c of cases)
      for (const seed of seeds) {
        const run = await calibrateCause(c, seed, name, place)
        process.stderr.write(
          `${name} ${c.name} seed ${seed}: ${run.finding ?? 'no finding'} → ${run.cause ?? '–'}` +
            (run.fix
              ? `; fix ${run.fix} ${run.cured ? 'cured it' : `left ${run.afterFix.join(', ')}`}`
              : '') +
            (run.wrong.length > 0 ? `; wrong: ${run.wrong.join(', ')}` : '') +
            '\n'
        )
        runs.push(run)
      }
  }
  process.stdout.write(`${values.json ? JSON.stringify(runs, null, 2) : causeTable(runs)}\n`)
  const good = (r: CauseRun) =>
    r.wrong.length === 0 && r.cured !== false && (r.expects === null || r.cause === r.expects)
  return runs.every(good) ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  calibrateCauses(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (thrown: unknown) => {
      process.stderr.write(`The cause calibration failed unexpectedly: ${messageOf(thrown)}\n`)
      process.exit(1)
    }
  )
}
