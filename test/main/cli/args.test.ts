import { describe, expect, it } from 'vitest'
import {
  DEFAULT_CACHE,
  DEFAULT_DATA,
  DEFAULT_OUT,
  DEFAULT_PRESET,
  parseTrainArgs,
  withOverrides,
  type TrainArgs
} from '../../../main/cli/args'
import { presetInput } from '../../../main/config/presets'
import { parseRunConfig } from '../../../main/contract/config/validate'

const args = (argv: string[]): TrainArgs => {
  const parsed = parseTrainArgs(argv)
  if (!parsed.ok || parsed.value.help)
    throw new Error(`expected args, got ${JSON.stringify(parsed)}`)
  return parsed.value.args
}
const error = (argv: string[]) => {
  const parsed = parseTrainArgs(argv)
  return parsed.ok ? null : parsed.error
}

describe('parseTrainArgs', () => {
  it('fills the defaults when no flag is given: the bundled sample, cached decoding', () => {
    expect(DEFAULT_DATA).toBe('sample')
    expect(args([])).toEqual({
      data: DEFAULT_DATA,
      preset: DEFAULT_PRESET,
      config: null,
      out: DEFAULT_OUT,
      cache: DEFAULT_CACHE,
      backend: 'auto',
      threads: null,
      epochs: null,
      seed: null,
      statsEvery: null,
      maxSteps: null,
      input: null,
      memoryBudgetMB: null,
      fork: null,
      set: []
    })
  })

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const parsed = args([
      '--data',
      'sample',
      '--preset=tanh-deep',
      '--epochs',
      '3',
      '--out=/tmp/x',
      '--backend',
      'wasm',
      '--seed',
      '0',
      '--stats-every=5',
      '--max-steps',
      '40',
      '--cache=/tmp/c',
      '--input',
      '40x30x3',
      '--memory-budget=1500',
      '--threads=2'
    ])
    expect(parsed).toEqual({
      data: 'sample',
      preset: 'tanh-deep',
      config: null,
      out: '/tmp/x',
      cache: '/tmp/c',
      backend: 'wasm',
      threads: 2,
      epochs: 3,
      seed: 0,
      statsEvery: 5,
      maxSteps: 40,
      input: [30, 40, 3],
      memoryBudgetMB: 1500,
      fork: null,
      set: []
    })
  })

  it('keeps no decoded-image cache with --no-cache', () => {
    expect(args(['--no-cache', '--data', 'images'])).toMatchObject({ data: 'images', cache: null })
  })

  it('uses --config instead of the default preset', () => {
    expect(args(['--config', 'my.json'])).toMatchObject({ preset: null, config: 'my.json' })
  })

  it('answers --help', () => {
    expect(parseTrainArgs(['--epochs', '2', '--help'])).toEqual({ ok: true, value: { help: true } })
  })

  it('refuses bad input with a message naming the flag', () => {
    expect(error(['--epochs', '0'])).toBe('--epochs must be a whole number of at least 1; got "0".')
    expect(error(['--seed', '-1'])).toMatch(/^--seed must be a whole number/)
    expect(error(['--max-steps', '2.5'])).toMatch(/^--max-steps/)
    expect(error(['--backend', 'tpu'])).toBe(
      '--backend must be one of auto, node-gpu, webgpu, node, wasm, cpu; got "tpu".'
    )
    expect(error(['--preset', 'a', '--config', 'b'])).toBe(
      'Give either --preset or --config, not both.'
    )
    expect(error(['--colour', 'red'])).toMatch(/^Unknown option --colour\. Known: --data/)
    expect(error(['--cache', 'c', '--no-cache'])).toBe(
      'Give either --cache or --no-cache, not both.'
    )
    expect(error(['--cache'])).toBe('--cache needs a value; see --help.')
    expect(error(['--out'])).toBe('--out needs a value; see --help.')
    expect(error(['--out', '--epochs', '2'])).toBe('--out needs a value; see --help.')
    expect(error(['--epochs', '1', '--epochs', '2'])).toBe('--epochs is given twice.')
    expect(error(['sample'])).toMatch(/^Unexpected argument "sample"/)
    expect(error(['--threads', '0'])).toBe(
      '--threads must be a whole number of at least 1; got "0".'
    )
    expect(error(['--threads', '9'])).toMatch(
      /^--threads: Threads must be a whole number from 1 to 8 .*got 9\. This machine has \d+ cores?/
    )
  })

  it('reads --fork with repeated --set changes, in order', () => {
    const parsed = args([
      '--fork',
      'runs/a',
      '--set',
      'training.optimizer.learningRate=1e-4',
      '--set=layers.2.batchNorm=true',
      '--out',
      '/tmp/o'
    ])
    expect(parsed.fork).toBe('runs/a')
    expect(parsed.set).toEqual(['training.optimizer.learningRate=1e-4', 'layers.2.batchNorm=true'])
    expect(parsed.out).toBe('/tmp/o')
  })

  it('refuses --set without --fork, and the flags a fork takes from its parent', () => {
    expect(error(['--set', 'training.epochs=2'])).toMatch(
      /--set changes a forked run; give the run with --fork/
    )
    for (const flag of [
      '--data=sample',
      '--preset=relu-he',
      '--seed=2',
      '--epochs=2',
      '--input=8x8x1'
    ])
      expect(error(['--fork', 'runs/a', flag])).toMatch(
        new RegExp(
          `^--${flag.slice(2, flag.indexOf('='))} cannot go with --fork: .*--set PATH=VALUE`
        )
      )
    expect(error(['--fork', 'runs/a', '--set'])).toMatch(/--set needs PATH=VALUE/)
  })
})

describe('withOverrides', () => {
  it('overrides epochs, seed, max steps and the probe interval without touching the input', () => {
    const input = presetInput('relu-he')
    const before = JSON.stringify(input)
    const parsed = parseRunConfig(
      withOverrides(input, { ...args([]), epochs: 7, seed: 9, maxSteps: 11, statsEvery: 3 })
    )
    expect(JSON.stringify(input)).toBe(before)
    expect(parsed.ok && parsed.value.training).toMatchObject({ epochs: 7, seed: 9, maxSteps: 11 })
    expect(parsed.ok && parsed.value.probe.statsEvery).toBe(3)
  })

  it('leaves a malformed section in place so that validation names it', () => {
    const parsed = parseRunConfig(
      withOverrides({ model: {}, training: 'fast' }, { ...args([]), epochs: 2 })
    )
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain('training:')
  })
})
