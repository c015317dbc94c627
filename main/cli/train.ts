/**
 * `npm run train -- [options]`: trains one network from the command line and writes its run
 * folder. Every bad input (flags, configuration, preset, data folder, output folder) is refused
 * with a one-line reason before anything is written; see TRAIN_USAGE in args.ts for the flags.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { presetConfig, presetInput, unknownPresetMessage } from '../config/presets'
import type { RunConfig } from '../contract/config/schema'
import { parseRunConfig } from '../contract/config/validate'
import { parseSetFlag } from '../contract/runs/config-changes'
import type { ConfigChange, ForkOf } from '../contract/runs/summary'
import type { BackendChoice } from '../contract/trainer-protocol'
import { planFork } from '../runs/store/fork-run'
import { forkLine, forkSameness } from '../contract/runs/fork'
import { parseBoundedJson } from '../contract/json-lines'
import { startTrainer, type TrainerHandle } from '../engine/host/trainer-host'
import type { DataSource, TrainRequest } from '../contract/trainer-protocol'
import { preflightMemory } from '../engine/trainer/memory-check'
import { sampleDatasetRoot } from '../data/folder/sample'
import { fail, messageOf, ok, type Result } from '../contract/result'
import { makeRunId } from '../contract/runs/run-files'
import { createRunWriter } from '../runs/run-writer'
import { parseTrainArgs, TRAIN_USAGE, withOverrides, type TrainArgs } from './args'
import { createProgressView, endLine, EXIT, exitCodeOf } from './train-output'

/** Runs the command for `argv` (without node and the script); resolves to the exit code. */
export async function train(argv: readonly string[]): Promise<number> {
  const parsed = parseTrainArgs(argv)
  if (!parsed.ok) return refuse(parsed.error)
  if (parsed.value.help) {
    process.stdout.write(`${TRAIN_USAGE}\n`)
    return EXIT.completed
  }
  const args = parsed.value.args
  const planned = args.fork === null ? await plainRun(args) : await forkRun(args)
  if (!planned.ok) return refuse(planned.error)
  const { config, data, forkOf } = planned.value
  const budgetMB = args.memoryBudgetMB ?? undefined
  const sampleRoot = data.kind === 'sample' ? sampleDatasetRoot() : ''
  const tooBig = await preflightMemory(config, data, sampleRoot, budgetMB)
  if (tooBig) return refuse(tooBig)
  const request: TrainRequest = {
    runId: makeRunId(config.name, new Date()),
    config,
    data,
    backend: planned.value.backend,
    ...(forkOf ? { forkOf } : {}),
    ...(args.threads === null ? {} : { threads: args.threads }),
    ...(args.cache !== null && data.kind !== 'synthetic' ? { cacheDir: resolve(args.cache) } : {}),
    ...(budgetMB === undefined ? {} : { memoryBudgetMB: budgetMB })
  }
  let writer
  try {
    writer = await createRunWriter(args.out, request)
  } catch (thrown) {
    return refuse(messageOf(thrown))
  }
  const handle = startTrainer(request)
  if (forkOf) process.stdout.write(`${forkLine(forkOf, forkOf.run)}. ${forkSameness(forkOf)}\n`)
  const view = createProgressView(process.stdout, request.config)
  handle.on((event) => {
    writer.record(event)
    view.show(event)
  })
  const removeSigint = stopOnSigint(handle)
  const end = await handle.done
  removeSigint()
  const { kept } = await writer.finish(end)
  const code = exitCodeOf(end)
  const stream = code === EXIT.completed ? process.stdout : process.stderr
  stream.write(`${endLine(end, writer.dir, kept)}\n`)
  return code
}

/** What a run trains: the config, the data, the backend and, for a fork, its parent. */
interface PlannedRun {
  config: RunConfig
  data: DataSource
  backend: BackendChoice
  forkOf: ForkOf | null
}

/** A run from a preset or config file and --data. */
async function plainRun(args: TrainArgs): Promise<Result<PlannedRun>> {
  const config = await loadConfig(args)
  if (!config.ok) return config
  const data = await dataSource(args.data)
  if (!data.ok) return data
  return ok({ config: config.value, data: data.value, backend: args.backend, forkOf: null })
}

/**
 * A fork of the run folder --fork names with the --set changes (none: the parent's first fix),
 * on the parent's backend unless --backend names another.
 */
async function forkRun(args: TrainArgs): Promise<Result<PlannedRun>> {
  const changes: ConfigChange[] = []
  for (const text of args.set) {
    const change = parseSetFlag(text)
    if (!change.ok) return change
    changes.push(change.value)
  }
  const dir = resolve(args.fork ?? '')
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory())
    return fail(`--fork ${dir}: no such run folder; give the folder of a run, e.g. runs/<run-id>.`)
  const plan = await planFork(dir, changes.length ? changes : null, sampleDatasetRoot())
  if (!plan.ok) return plan
  const { config, data, forkOf } = plan.value
  const backend = args.backend === 'auto' ? (plan.value.backend ?? 'auto') : args.backend
  return ok({ config, data, backend, forkOf })
}

function refuse(message: string): number {
  process.stderr.write(`${message}\n`)
  return EXIT.badInput
}

/** The preset or config file, with the flags' overrides, validated. */
async function loadConfig(args: TrainArgs): Promise<Result<RunConfig>> {
  let input: unknown
  if (args.config !== null) {
    const path = resolve(args.config)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (thrown) {
      return fail(`Cannot read the configuration file ${path}: ${messageOf(thrown)}`)
    }
    try {
      input = parseBoundedJson(text)
    } catch (thrown) {
      return fail(`The configuration file ${path} is not valid JSON: ${messageOf(thrown)}`)
    }
  } else {
    const name = args.preset ?? ''
    if (presetConfig(name) === null) return fail(unknownPresetMessage(name))
    input = presetInput(name)
  }
  const config = parseRunConfig(withOverrides(input, args))
  return config.ok ? ok(config.value) : fail(config.error)
}

/** `synthetic`, `sample`, or a folder that must exist. */
export async function dataSource(data: string): Promise<Result<DataSource>> {
  if (data === 'synthetic') return ok({ kind: 'synthetic' })
  if (data === 'sample') return ok({ kind: 'sample' })
  const path = resolve(data)
  const info = await stat(path).catch(() => null)
  if (info === null)
    return fail(
      `The data folder ${path} does not exist. Give a folder with one subfolder per class, or "sample" or "synthetic".`
    )
  if (!info.isDirectory())
    return fail(`--data ${path} is a file; give a folder with one subfolder of images per class.`)
  return ok({ kind: 'folder', path })
}

/** First Ctrl+C: stop after the current step (the run is kept, status stopped). Second: quit now. */
function stopOnSigint(handle: TrainerHandle): () => void {
  let stopping = false
  const onSigint = () => {
    if (stopping) {
      process.stderr.write('\nQuit without finishing the run.\n')
      process.exit(EXIT.stopped)
    }
    stopping = true
    process.stderr.write(
      '\nStopping after the current step (press Ctrl+C again to quit at once)…\n'
    )
    handle.stop()
  }
  process.on('SIGINT', onSigint)
  return () => void process.off('SIGINT', onSigint)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  train(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (thrown: unknown) => {
      process.stderr.write(`Training failed unexpectedly: ${messageOf(thrown)}\n`)
      process.exit(EXIT.failed)
    }
  )
}
