/**
 * The `npm run train` command line: parsing argv into TrainArgs, the help text, and applying the
 * flags that override a configuration. Pure: no I/O, nothing thrown; errors are values that say
 * which flag is wrong and what it takes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_PRESET } from '../contract/config/preset-names'
import { BACKEND_CHOICES, type BackendChoice } from '../contract/trainer-protocol'
import { parseBudgetMB } from '../engine/model/memory-budget'
import { MAX_WASM_THREADS, threadsProblem } from '../engine/backends/thread-count'
import { fail, ok, type Result } from '../contract/result'

/** Data used when --data is not given: the bundled Fashion-MNIST sample. */
export const DEFAULT_DATA = 'sample'
/** Preset used when neither --preset nor --config is given. */
export { DEFAULT_PRESET }
/** Parent folder of run folders when --out is not given. */
export const DEFAULT_OUT = 'runs'
/** Decoded-image cache folder (relative to the working folder) when --cache is not given. */
export const DEFAULT_CACHE = '.cache/trainscape'

export interface TrainArgs {
  /** `synthetic`, `sample`, or a folder path. */
  data: string
  /** Exactly one of preset and config is set. */
  preset: string | null
  config: string | null
  out: string
  /** Decoded-image cache folder for folder and sample data; null with --no-cache. */
  cache: string | null
  backend: BackendChoice
  /** --threads: wasm backend threads; null: one per core. */
  threads: number | null
  epochs: number | null
  seed: number | null
  statsEvery: number | null
  maxSteps: number | null
  /** --input WxHxC as [height, width, channels]; null: the config's, else from the folder. */
  input: [number, number, 1 | 3] | null
  /** --memory-budget in MB; null: TRAINSCAPE_MEMORY_BUDGET_MB, else 75% of free memory. */
  memoryBudgetMB: number | null
  /** --fork RUN_DIR: train a fork of that run (its config, seed and data); null otherwise. */
  fork: string | null
  /** --set PATH=VALUE, in order: the fork's changes (only with --fork). */
  set: string[]
}

export type ParsedArgs = { help: true } | { help: false; args: TrainArgs }

export const TRAIN_USAGE = `Usage: npm run train -- [options]

Trains one network and writes its run folder (summary.json, steps/probes/epochs .jsonl, weights).

  --data <folder|sample|synthetic>  training images: a folder with one subfolder per class,
                                    the bundled sample, or generated data (default: ${DEFAULT_DATA})
  --preset NAME                     a bundled configuration (default: ${DEFAULT_PRESET})
  --config FILE                     a run configuration JSON file (instead of --preset)
  --epochs N                        override training.epochs
  --out DIR                         parent folder of run folders (default: ${DEFAULT_OUT})
  --cache DIR                       cache of decoded images for folder and sample data, so a
                                    second run skips decoding (default: ${DEFAULT_CACHE})
  --no-cache                        decode every image again and keep no cache
  --backend ${BACKEND_CHOICES.join('|')}     tfjs backend (default: auto, the fastest that loads)
  --threads N                       threads for the wasm backend, 1 to ${MAX_WASM_THREADS}
                                    (default: one per core)
  --seed N                          override training.seed
  --stats-every K                   probe the layers every K steps, and at steps 0, 1, 2, 4, … below K
  --max-steps N                     stop after N optimizer steps (training.maxSteps)
  --input WxHxC                     input width × height × channels (1 grey, 3 colour), e.g.
                                    32x32x3 (default: the config's model.inputShape, else
                                    from the images: median size, at most 64 px, colour
                                    when the images are)
  --memory-budget MB                refuse a model whose estimated memory is over MB
                                    (default: $TRAINSCAPE_MEMORY_BUDGET_MB, else 75% of
                                    the memory free at the start)
  --fork RUN_DIR                    train a fork of that run: its config, seed, initial
                                    weights and batches, with only the --set changes (without
                                    --set: the fix of its first finding that has one)
  --set PATH=VALUE                  with --fork, one change to the config, e.g.
                                    --set training.optimizer.learningRate=0.0001 (repeatable;
                                    VALUE is read as JSON where it parses, else as text)
  --help                            show this text

Exit codes: 0 completed, 1 failed, 2 bad input, 3 diverged, 130 stopped (Ctrl+C).`

const VALUE_FLAGS = [
  'data',
  'preset',
  'config',
  'epochs',
  'out',
  'cache',
  'backend',
  'threads',
  'seed',
  'stats-every',
  'max-steps',
  'input',
  'memory-budget',
  'fork'
] as const
type ValueFlag = (typeof VALUE_FLAGS)[number]
const KNOWN_FLAGS = [...VALUE_FLAGS.map((f) => `--${f}`), '--set', '--no-cache', '--help'].join(
  ', '
)
/** Flags a fork takes from its parent run instead (changes go through --set). */
const PARENT_FLAGS = [
  'data',
  'preset',
  'config',
  'epochs',
  'seed',
  'stats-every',
  'max-steps',
  'input'
] as const

const OPTIONS = {
  ...Object.fromEntries(VALUE_FLAGS.map((flag) => [flag, { type: 'string' } as const])),
  set: { type: 'string', multiple: true },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} satisfies ParseArgsConfig['options']

/**
 * Parses `argv` (without node and the script). Does not mutate it. node:util's parseArgs splits
 * it into tokens (non-strict, so a value such as `--seed -1` is taken as given); the checks here
 * turn each problem into a message naming the flag.
 */
export function parseTrainArgs(argv: readonly string[]): Result<ParsedArgs> {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true
  })
  const values = new Map<ValueFlag, string>()
  const set: string[] = []
  let noCache = false
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue
    if (token.kind === 'positional')
      return fail(`Unexpected argument "${token.value}". Flags start with --; see --help.`)
    if (token.name === 'help') return ok({ help: true })
    if (token.name === 'no-cache') {
      noCache = true
      continue
    }
    if (token.name === 'set') {
      if (token.value === undefined || token.value === '')
        return fail('--set needs PATH=VALUE, e.g. --set training.optimizer.learningRate=0.0001.')
      set.push(token.value)
      continue
    }
    const flag = VALUE_FLAGS.find((f) => f === token.name)
    if (!flag) return fail(`Unknown option --${token.name}. Known: ${KNOWN_FLAGS}.`)
    const value = token.value
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      return fail(`--${flag} needs a value; see --help.`)
    if (values.has(flag)) return fail(`--${flag} is given twice.`)
    values.set(flag, value)
  }
  const forkProblem = forkFlagsProblem(values, set)
  if (forkProblem) return fail(forkProblem)
  return toArgs(values, noCache, set)
}

/** A fork takes its config, seed and data from its parent; --set only goes with --fork. */
function forkFlagsProblem(values: Map<ValueFlag, string>, set: readonly string[]): string | null {
  if (!values.has('fork'))
    return set.length ? '--set changes a forked run; give the run with --fork RUN_DIR.' : null
  const clash = PARENT_FLAGS.find((f) => values.has(f))
  if (clash === undefined) return null
  return (
    `--${clash} cannot go with --fork: a fork takes its configuration, seed and data from the ` +
    `parent run. Change a setting with --set PATH=VALUE, e.g. --set training.epochs=3.`
  )
}

function toArgs(
  values: Map<ValueFlag, string>,
  noCache: boolean,
  set: string[]
): Result<ParsedArgs> {
  if (values.has('preset') && values.has('config'))
    return fail('Give either --preset or --config, not both.')
  if (noCache && values.has('cache')) return fail('Give either --cache or --no-cache, not both.')
  const backend = values.get('backend') ?? 'auto'
  const choice = BACKEND_CHOICES.find((b) => b === backend)
  if (!choice)
    return fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}; got "${backend}".`)
  const numbers: Partial<Record<ValueFlag, number | null>> = {}
  for (const flag of ['epochs', 'seed', 'stats-every', 'max-steps', 'threads'] as const) {
    const n = wholeNumber(flag, values.get(flag), flag === 'seed' ? 0 : 1)
    if (!n.ok) return n
    numbers[flag] = n.value
  }
  const threadsWrong = numbers.threads == null ? null : threadsProblem(numbers.threads)
  if (threadsWrong !== null) return fail(`--threads: ${threadsWrong}`)
  const input = inputShapeFlag(values.get('input'))
  if (!input.ok) return input
  const budgetText = values.get('memory-budget')
  const memoryBudgetMB = budgetText === undefined ? null : parseBudgetMB(budgetText)
  if (budgetText !== undefined && memoryBudgetMB === null)
    return fail(
      `--memory-budget must be a number of megabytes above 0, e.g. 4000; got "${budgetText}".`
    )
  return ok({
    help: false,
    args: {
      data: values.get('data') ?? DEFAULT_DATA,
      preset: values.has('config') ? null : (values.get('preset') ?? DEFAULT_PRESET),
      config: values.get('config') ?? null,
      out: values.get('out') ?? DEFAULT_OUT,
      cache: noCache ? null : (values.get('cache') ?? DEFAULT_CACHE),
      backend: choice,
      threads: numbers.threads ?? null,
      epochs: numbers.epochs ?? null,
      seed: numbers.seed ?? null,
      statsEvery: numbers['stats-every'] ?? null,
      maxSteps: numbers['max-steps'] ?? null,
      input: input.value,
      memoryBudgetMB,
      fork: values.get('fork') ?? null,
      set
    }
  })
}

/** `--input WxHxC` (also `W×H×C`) as [height, width, channels]; null when absent. */
export function inputShapeFlag(text: string | undefined): Result<[number, number, 1 | 3] | null> {
  if (text === undefined) return ok(null)
  const match = /^(\d+)[x×](\d+)[x×](\d+)$/i.exec(text.trim())
  const [w, h, c] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0]
  if (!match || w < 1 || h < 1)
    return fail(`--input must be WIDTHxHEIGHTxCHANNELS, e.g. 32x32x3 or 28x28x1; got "${text}".`)
  if (w > 1024 || h > 1024)
    return fail(`--input ${text}: width and height must be at most 1024 pixels.`)
  if (c !== 1 && c !== 3)
    return fail(`--input ${text}: channels must be 1 (grey) or 3 (colour), not ${c}.`)
  return ok([h, w, c])
}

function wholeNumber(
  flag: ValueFlag,
  text: string | undefined,
  min: number
): Result<number | null> {
  if (text === undefined) return ok(null)
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min)
    return fail(
      `--${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}; got "${text}".`
    )
  return ok(n)
}

/**
 * A copy of the configuration `input` (not yet validated) with the command-line overrides
 * applied, ready for parseRunConfig. Does not mutate `input`.
 */
export function withOverrides(input: unknown, args: TrainArgs): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  const config = structuredClone(input) as Record<string, unknown>
  const section = (key: string): Record<string, unknown> => {
    const value = config[key]
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>
    const fresh: Record<string, unknown> = {}
    if (value === undefined) config[key] = fresh
    return value === undefined ? fresh : {}
  }
  if (args.epochs !== null) section('training').epochs = args.epochs
  if (args.seed !== null) section('training').seed = args.seed
  if (args.maxSteps !== null) section('training').maxSteps = args.maxSteps
  if (args.statsEvery !== null) section('probe').statsEvery = args.statsEvery
  if (args.input !== null) section('model').inputShape = [...args.input]
  return config
}
