/**
 * resources/run-format/*.schema.json, the formal run-folder format: config.schema.json is the
 * zod config schema as generated; a run written by the engine (the real train command) and one
 * written by python/trainscape_probe validate against every schema, checked by ajv (the reader's
 * own check) and by the standard-library Python one; and broken records are caught, each
 * problem named by its path and what was expected.
 */
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configJsonSchema } from '../../main/config/json-schema'
import { validate } from '../helpers/json-schema'
import { FIXTURES, PYTHON, printedRunDir, runFixture, torchMissing } from '../python/python-torch'
import {
  finished,
  removeTempDirs,
  spawnFork,
  tempDir,
  tinyConfig,
  trainRun
} from '../main/runs/train-cli'

const SCHEMAS = resolve(import.meta.dirname, '../../resources/run-format')
const FILES = {
  'config.json': 'config',
  'summary.json': 'summary',
  'layers.json': 'layers',
  'steps.jsonl': 'steps',
  'probes.jsonl': 'probes',
  'epochs.jsonl': 'epochs',
  'evaluation.json': 'evaluation'
} as const
/** Files a run may lack: evaluation.json exists only when something was evaluated. */
const OPTIONAL = new Set(['evaluation.json'])

const schema = async (name: string) =>
  JSON.parse(await readFile(join(SCHEMAS, `${name}.schema.json`), 'utf8')) as Record<
    string,
    unknown
  >

/** Every problem of the run folder's files, as "file[:line]: path: why". Plain JSON.parse: the
 *  schemas describe the bytes on disk, non-finite numbers as strings included. */
async function problems(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const [file, name] of Object.entries(FILES)) {
    const text = await readFile(join(dir, file), 'utf8').catch((thrown: unknown) => {
      if (OPTIONAL.has(file)) return null
      throw thrown
    })
    if (text === null) continue
    const docs = file.endsWith('.jsonl')
      ? text
          .split('\n')
          .slice(0, -1)
          .map((line, i) => [`${file}:${i + 1}`, JSON.parse(line)] as const)
      : [[file, JSON.parse(text)] as const]
    const s = await schema(name)
    for (const [where, doc] of docs) out.push(...validate(s, doc).map((p) => `${where}: ${p}`))
  }
  return out
}

async function pythonProblems(dir: string): Promise<{ code: number; output: string }> {
  return promisify(execFile)(PYTHON, [join(FIXTURES, 'validate_run.py'), dir, SCHEMAS]).then(
    (r) => ({ code: 0, output: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, output: e.stdout })
  )
}

let engineRun: string
beforeAll(async () => {
  const root = await tempDir('run-format')
  engineRun = await trainRun(
    root,
    tinyConfig({
      training: {
        optimizer: { type: 'sgd', learningRate: 0.05 },
        batchSize: 50,
        epochs: 1,
        seed: 3,
        maxSteps: 6
      }
    })
  )
}, 180_000)
afterAll(removeTempDirs)

describe('run-folder schemas', () => {
  it('config.schema.json is generated from the zod config schema (npx tsx scripts/make-config-schema.ts)', async () => {
    expect(await schema('config')).toEqual(configJsonSchema())
  })

  it('a run written by the engine validates (TypeScript and Python validators)', async () => {
    await readFile(join(engineRun, 'evaluation.json')) // the engine run has one to check
    expect(await problems(engineRun)).toEqual([])
    expect(await pythonProblems(engineRun)).toEqual({ code: 0, output: '\n' })
  })

  it('a fork written by the engine validates, forkOf included (TypeScript and Python validators)', async () => {
    const root = dirname(dirname(engineRun))
    const result = await finished(
      spawnFork(root, engineRun, ['--set', 'training.optimizer.learningRate=0.01'])
    )
    expect(result.code, result.output).toBe(0)
    const dir = join(
      root,
      'runs',
      (await readdir(join(root, 'runs'))).find((d) => d !== basename(engineRun))!
    )
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'))
    expect(summary.forkOf).toMatchObject({ run: basename(engineRun), words: ['lr 0.05 → 0.01'] })
    expect(await problems(dir)).toEqual([])
    expect(await pythonProblems(dir)).toEqual({ code: 0, output: '\n' })
    expect(validate(await schema('summary'), { ...summary, forkOf: { run: 'x' } })).not.toEqual([])
  }, 180_000)

  it('config.schema.json still accepts the probe settings under their old key, instruments', async () => {
    const config = JSON.parse(await readFile(join(engineRun, 'config.json'), 'utf8'))
    expect(Object.keys(config)).toContain('probe')
    const { probe, ...rest } = config
    expect(validate(await schema('config'), { ...rest, instruments: probe })).toEqual([])
    expect(validate(await schema('config'), { ...rest, instruments: { statsEvery: 0 } })).toEqual([
      '$.instruments.statsEvery: expected > 0, got 0'
    ])
  })

  it('catches broken records and names the file, line and field', async () => {
    const steps = await schema('steps')
    expect(validate(steps, { step: 1, epoch: 0, loss: null, acc: 0.5, lr: 0.1, ms: 2 })).toEqual([
      '$.loss: null matches none of the alternatives: expected number, got null; or null is not one of ["NaN","Infinity","-Infinity"]'
    ])
    expect(
      validate(steps, { step: 1, epoch: 0, loss: 'NaN', acc: 0.5, lr: 0.1, ms: 2, x: 1 })
    ).toEqual(['$.x: not allowed (no such field in this format)'])
    const summary = await schema('summary')
    const stored = JSON.parse(await readFile(join(engineRun, 'summary.json'), 'utf8'))
    expect(validate(summary, { ...stored, status: 'done' })).toEqual([
      '$.status: "done" is not one of ["running","completed","diverged","stopped","failed","interrupted"]'
    ])
  })

  it.skipIf(torchMissing() !== null)(
    'a run written by python/trainscape_probe validates (TypeScript and Python validators)',
    async () => {
      const out = await tempDir('run-format-torch')
      const dir = printedRunDir(
        await runFixture('train.py', ['cnn', out, '--steps', '12', '--every', '5'])
      )
      expect(await problems(dir)).toEqual([])
      expect(await pythonProblems(dir)).toEqual({ code: 0, output: '\n' })
      // With Probe.evaluate() (evaluation.json, gallery) and dataset facts.
      const evaluated = printedRunDir(
        await runFixture('evaluate.py', [out, join(out, 'dump.json'), '--dataset'])
      )
      await readFile(join(evaluated, 'evaluation.json'))
      expect(await problems(evaluated)).toEqual([])
      expect(await pythonProblems(evaluated)).toEqual({ code: 0, output: '\n' })
    },
    120_000
  )
})
