/**
 * PyTorch runs in Trainscape: the diagnosis finds the lecture's problems in torch trainings as
 * in the engine's, a killed Python trainer leaves a run that reopens as interrupted, and
 * `npm run report` exports a PyTorch run (the TF.js model says why it cannot).
 */
import { execFile, spawn } from 'node:child_process'
import { readFile, readdir, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { readRun } from '../../main/runs/run-reader'
import { listRuns } from '../../main/runs/store/run-store'
import { processStartTime } from '../../main/runs/writer-process'
import { parseWriterStamp } from '../../main/runs/writer-stamp'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { FIXTURES, PACKAGE, PYTHON, printedRunDir, runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

const missing = torchMissing()
const REPO = resolve(import.meta.dirname, '../..')

async function train(model: string, steps = 100): Promise<string> {
  const out = await tempDir(`torch-${model}`)
  return printedRunDir(await runFixture('train.py', [model, out, '--steps', String(steps)]))
}

async function lineCount(path: string): Promise<number> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text.split('\n').length - 1
}

describe.skipIf(missing !== null)('PyTorch runs in Trainscape', () => {
  it('a torch relu-dying (SGD, learning rate too high) gets the dead-relu finding', async () => {
    const run = await readRun(await train('relu-dying'))
    const codes = run.summary.findings.map((f) => f.code)
    expect(codes).toContain('dead-relu')
    expect(run.probes[0]!.layers[0]!.deadFraction).toBeLessThan(0.25)
    expect(run.probes.at(-1)!.layers[0]!.deadFraction).toBeGreaterThan(0.5)
    // The listing (summary.json without stored findings) shows the same diagnosis.
    const [listed] = await listRuns(resolve(run.dir, '..'))
    expect(listed?.ok && listed.run.findings).toContain('dead-relu')
  }, 120_000)

  it('a deep torch sigmoid net gets saturation and vanishing gradients', async () => {
    const run = await readRun(await train('sigmoid-deep'))
    const codes = run.summary.findings.map((f) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['saturation', 'vanishing-gradients']))
    expect(run.layers.slice(0, -1).every((l) => l.activation === 'sigmoid')).toBe(true)
  }, 120_000)

  it('kill -9 of the Python trainer leaves a run that reopens as interrupted', async () => {
    const out = await tempDir('torch-killed')
    const child = spawn(
      PYTHON,
      [join(FIXTURES, 'train.py'), 'mlp', out, '--steps', '100000', '--sleep', '0.01'],
      { env: { ...process.env, PYTHONPATH: PACKAGE, OMP_NUM_THREADS: '1' }, stdio: 'pipe' }
    )
    const dir = await new Promise<string>((done) =>
      child.stdout.once('data', (d) => done(printedRunDir(String(d))))
    )
    while ((await lineCount(join(dir, 'steps.jsonl'))) < 20)
      await new Promise((r) => setTimeout(r, 50))
    const live = await readRun(dir)
    expect(live.summary.status).toBe('running')
    expect(live.integrity.writerAlive).toBe(true)
    // The same stamp the engine writes: PID, start time and host, so a reused PID is not alive.
    const stamp = parseWriterStamp(await readFile(join(dir, 'writer.pid'), 'utf8'))
    expect(stamp).toEqual({
      pid: child.pid,
      start: await processStartTime(child.pid!),
      host: hostname()
    })
    child.kill('SIGKILL')
    await new Promise((done) => child.once('exit', done))
    const run = await readRun(dir)
    expect(run.summary.status).toBe('interrupted')
    expect(run.summary.reason).toMatch(/stopped without finishing/)
    expect(run.summary.steps).toBe(run.steps.length)
    expect(run.steps.length).toBeGreaterThanOrEqual(20)
    expect(run.probes.length).toBeGreaterThan(0)
    const [listed] = await listRuns(out)
    expect(listed?.ok && listed.run.status).toBe('interrupted')
  }, 120_000)

  it('npm run report exports a PyTorch run; the TF.js model says why it is unavailable', async () => {
    const dir = await train('relu-dying', 40)
    const out = await tempDir('torch-report')
    const result = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'main/cli/report.ts',
        dir,
        '--format',
        'html,csv,json,tfevents,model',
        '--out',
        out
      ],
      { cwd: REPO }
    ).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        output: e.stdout + e.stderr
      })
    )
    expect(result.output).toMatch(/model: FAILED — .*trained in PyTorch.*no TF\.js model to export/)
    const report = (await readdir(out)).find((f) => f.endsWith('-report.html'))
    const html = await readFile(join(out, report ?? 'no -report.html written'), 'utf8')
    expect(html).toContain('pytorch')
    // The probe takes no census of the training split, so its silent units are called
    // inactive on the probe batch, never confirmed dead.
    expect(html).toContain('ReLU units inactive on the probe batch')
    // No folder and no dataset facts given: the report says so instead of an empty source.
    expect(html).toContain('Source: <code>not named by the PyTorch script</code>')
    expect(html).toContain(
      'Input normalization: not known: the PyTorch script prepares its own inputs'
    )
    expect((await readFile(join(out, 'steps.csv'), 'utf8')).split('\n').length).toBeGreaterThan(40)
    const events = await readdir(join(out, 'tensorboard', dir.split('/').at(-1)!))
    expect(
      (await stat(join(out, 'tensorboard', dir.split('/').at(-1)!, events[0]!))).size
    ).toBeGreaterThan(1000)
  }, 180_000)
})
