/**
 * `npm run claims -- [--data DIR] [--seeds 1,2,3,4,5] [--preset NAME] [--json] [--calibration]`:
 * trains each preset briefly on the data and checks its lecture claim with the same checks the
 * preset tests assert, on several seeds; prints a table (preset, claim, seeds passed, measured
 * numbers against the bound and the theory). `--calibration` instead trains the failure and
 * healthy presets at full length and tabulates each finding's hit and false-alarm rates.
 */
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import {
  CALIBRATION_CASES,
  calibrate,
  calibrationTable,
  type CalibrationRun
} from '../claims/calibration'
import { checkClaims, claimOf, CLAIMS, type ClaimResult } from '../claims/check-claims'
import { claimsTable } from '../claims/claims-table'
import type { SmallRunPlace } from '../claims/small-run'
import { PRESET_NAMES } from '../config/presets'
import { fail, messageOf, ok, type Result } from '../contract/result'
import { DEFAULT_CACHE } from './args'
import { dataSource } from './train'

export const CLAIMS_USAGE = `Usage: npm run claims -- [options]

Checks each preset's lecture claim on your data, on several seeds, with the checks its test uses.

  --data <folder|sample|synthetic>  images (default: sample); with --calibration it may be
                                    given more than once, and the table covers every dataset
  --seeds 1,2,3,4,5                 seeds to train with (default: 1,2,3,4,5)
  --preset NAME                     check one preset's claim (default: every claim)
  --input-shape HxWxC               train folders at this input shape (e.g. 32x32x3 for a colour
                                    folder); the sample and synthetic data keep the presets' shape
  --cache DIR                       decoded-image cache (default: ${DEFAULT_CACHE})
  --json                            print the results as JSON instead of a table
  --calibration                     train the presets at full length and tabulate, per finding,
                                    its hit rate on its preset and its false alarms on the
                                    healthy ones (minutes per seed)
  --help                            show this text

Exit codes: 0 every claim held on every seed, 1 some did not, 2 bad input.`

export interface ClaimsArgs {
  /** One or more (more only with --calibration). */
  data: string[]
  seeds: number[]
  preset: string | null
  inputShape: [number, number, 1 | 3] | null
  cache: string
  json: boolean
  calibration: boolean
}

const OPTIONS = {
  data: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  preset: { type: 'string' },
  'input-shape': { type: 'string' },
  cache: { type: 'string' },
  json: { type: 'boolean' },
  calibration: { type: 'boolean' },
  help: { type: 'boolean' }
} as const

/** Parses `argv` (without node and the script). Errors are values saying what to change. */
export function parseClaimsArgs(argv: readonly string[]): Result<ClaimsArgs | 'help'> {
  let values
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values
  } catch (thrown) {
    return fail(`${messageOf(thrown)}. See --help.`)
  }
  if (values.help) return ok('help')
  const seeds = (values.seeds ?? '1,2,3,4,5').split(',').map((s) => Number(s.trim()))
  if (seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0))
    return fail(
      `--seeds takes whole numbers separated by commas, e.g. 1,2,3; got "${values.seeds}".`
    )
  const preset = values.preset ?? null
  if (preset !== null && !values.calibration && !claimOf(preset)) {
    const known = CLAIMS.map((c) => c.preset).join(', ')
    const why = PRESET_NAMES.includes(preset)
      ? 'makes no claim this command checks'
      : 'is not a preset'
    return fail(`"${preset}" ${why}. Presets with claims: ${known}.`)
  }
  if ((values.data?.length ?? 0) > 1 && !values.calibration)
    return fail('Give --data once (more than once only with --calibration).')
  const shape = values['input-shape']
  const dims = shape?.split('x').map(Number)
  if (
    dims &&
    (dims.length !== 3 ||
      !dims.every((d) => Number.isInteger(d) && d > 0) ||
      ![1, 3].includes(dims[2] ?? 0))
  )
    return fail(`--input-shape takes HxWxC with C 1 or 3, e.g. 32x32x3; got "${shape}".`)
  return ok({
    data: values.data ?? ['sample'],
    seeds,
    preset,
    inputShape: dims ? (dims as [number, number, 1 | 3]) : null,
    cache: values.cache ?? DEFAULT_CACHE,
    json: values.json ?? false,
    calibration: values.calibration ?? false
  })
}

async function runClaims(args: ClaimsArgs, [place]: SmallRunPlace[]): Promise<number> {
  if (place === undefined) throw new Error('The claims need a place to run (a data folder).')
  const claims = args.preset ? [claimOf(args.preset)!] : CLAIMS
  const progress = (r: ClaimResult) => {
    const passed = r.seeds.filter((s) => s.failed.length === 0).length
    process.stderr.write(`${r.preset}: ${passed}/${r.seeds.length} seeds\n`)
  }
  const results = await checkClaims(claims, args.seeds, place, progress)
  process.stdout.write(`${args.json ? JSON.stringify(results, null, 2) : claimsTable(results)}\n`)
  return results.every((r) => r.seeds.every((s) => s.failed.length === 0)) ? 0 : 1
}

async function runCalibration(args: ClaimsArgs, places: SmallRunPlace[]): Promise<number> {
  const cases = CALIBRATION_CASES.filter((c) => !args.preset || c.preset === args.preset)
  const runs: CalibrationRun[] = []
  for (const [i, place] of places.entries())
    for (const c of cases)
      for (const seed of c.seeds ?? args.seeds) {
        const data = args.data[i] ?? 'sample'
        const run = await calibrate(c, seed, data, place)
        const found = run.codes.join(', ') || 'no findings'
        process.stderr.write(`${data} ${c.name} seed ${seed}: ${run.status}; ${found}\n`)
        runs.push(run)
      }
  process.stdout.write(
    `${args.json ? JSON.stringify(runs, null, 2) : calibrationTable(runs, cases)}\n`
  )
  const expects = new Map(cases.map((c) => [c.name, c.expects]))
  const right = (r: CalibrationRun) => {
    const code = expects.get(r.case)
    return code ? r.codes.includes(code) : r.alarms.length === 0
  }
  return runs.every(right) ? 0 : 1
}

/** Runs the command; returns the exit code. */
export async function claims(argv: readonly string[]): Promise<number> {
  const parsed = parseClaimsArgs(argv)
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`)
    return 2
  }
  if (parsed.value === 'help') {
    process.stdout.write(`${CLAIMS_USAGE}\n`)
    return 0
  }
  const args = parsed.value
  const places: SmallRunPlace[] = []
  for (const name of args.data) {
    const data = await dataSource(name)
    if (!data.ok) {
      process.stderr.write(`${data.error}\n`)
      return 2
    }
    const shaped = args.inputShape && data.value.kind === 'folder'
    places.push({
      data: data.value,
      cacheDir: resolve(args.cache),
      ...(shaped ? { inputShape: args.inputShape! } : {})
    })
  }
  await mkdir(resolve(args.cache), { recursive: true })
  return args.calibration ? runCalibration(args, places) : runClaims(args, places)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  claims(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (thrown: unknown) => {
      process.stderr.write(`The claims check failed unexpectedly: ${messageOf(thrown)}\n`)
      process.exit(1)
    }
  )
}
