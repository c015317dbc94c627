/**
 * `npm run gpu-check [-- --steps N --no-bench --json]`: for each GPU backend (node-gpu, webgpu)
 * whether it loads and why not, the device, and the training rate of the bench MLP and CNN on it
 * against the best CPU backend (bench/gpu-survey.ts, gpu-report.ts).
 */
import { parseArgs } from 'node:util'
import { formatSurvey } from '../../bench/gpu-report'

const USAGE = `Usage: npm run gpu-check -- [options]

Says which GPU backends load on this machine, on which device, and how fast they train.

  --steps N     optimizer steps per measured run (default 20, at least 3)
  --no-bench    only check which backends load (no training runs)
  --json        print the survey as JSON
  --help        this text`

type Parsed = { help: true } | { help: false; steps: number; measure: boolean; json: boolean }

/** Parses argv; errors are Errors that say which option is wrong and what it takes. */
export function parseGpuCheckArgs(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    options: {
      steps: { type: 'string' },
      'no-bench': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' }
    },
    strict: true
  })
  if (values.help === true) return { help: true }
  const steps = values.steps == null ? 20 : Number(values.steps)
  if (!Number.isInteger(steps) || steps < 3 || steps > 10_000)
    throw new Error(`--steps must be a whole number from 3 to 10000; got "${values.steps}".`)
  return { help: false, steps, measure: values['no-bench'] !== true, json: values.json === true }
}

async function main(): Promise<void> {
  let parsed: Parsed
  try {
    parsed = parseGpuCheckArgs(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`)
    process.exitCode = 2
    return
  }
  if (parsed.help) return void process.stdout.write(`${USAGE}\n`)
  // Imported after parsing, so a wrong option is answered before tfjs and Dawn load.
  const { surveyGpus } = await import('../../bench/gpu-survey')
  const survey = await surveyGpus({
    steps: parsed.steps,
    measure: parsed.measure,
    progress: (line) => process.stderr.write(`gpu-check: ${line}\n`)
  })
  process.stdout.write(parsed.json ? `${JSON.stringify(survey)}\n` : `${formatSurvey(survey)}\n`)
}

await main()
