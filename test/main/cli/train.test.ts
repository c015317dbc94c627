import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { presetInput } from '../../../main/config/presets'
import type { RunSummary } from '../../../main/contract/runs/summary'

const ROOT = new URL('../../../', import.meta.url).pathname

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `npx tsx main/cli/train.ts …args`; `onStdout` may act on the running process. */
function train(
  args: string[],
  onStdout?: (text: string, kill: (signal: NodeJS.Signals) => void) => void
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = onStdout
      ? spawn(process.execPath, ['--import', 'tsx', 'main/cli/train.ts', ...args], { cwd: ROOT })
      : spawn('npx', ['tsx', 'main/cli/train.ts', ...args], { cwd: ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      onStdout?.(stdout, (signal) => child.kill(signal))
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

let out: string
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'cli-train-'))
})
afterEach(async () => {
  await rm(out, { recursive: true, force: true })
})

async function onlyRun(parent = out): Promise<{ dir: string; summary: RunSummary }> {
  const runs = await readdir(parent)
  expect(runs).toHaveLength(1)
  const dir = join(parent, runs[0]!)
  return {
    dir,
    summary: JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunSummary
  }
}

const SNAPSHOT_FIELDS = [
  'preVar',
  'predictedPreVar',
  'postMean',
  'postVar',
  'weightVar',
  'weightSpread',
  'deadFraction',
  'saturatedFraction',
  'gradNorm'
]

describe('npm run train', () => {
  it('trains a tiny run on the bundled sample by default, prints backend, data and epoch lines, and writes a full summary.json', async () => {
    const cache = join(out, 'cache')
    const result = await train([
      '--preset',
      'relu-he',
      '--epochs',
      '2',
      '--max-steps',
      '4',
      '--stats-every',
      '2',
      '--seed',
      '5',
      '--out',
      join(out, 'runs'),
      '--cache',
      cache
    ])
    expect(result.stderr).not.toMatch(/Failed|Error/)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Backend: wasm \(skipped node-gpu: .+; node: .+\)$/m)
    expect(result.stdout).toMatch(
      /^Data: .*resources\/sample \(10 classes, 2400 train \/ 600 validation images at 28×28×1\)$/m
    )
    expect((await readdir(cache)).filter((f) => f.endsWith('.pack'))).toHaveLength(1)
    expect(result.stdout).toMatch(
      /^epoch 1\/2 {2}loss \d+\.\d{4} {2}acc \d\.\d{3} {2}val loss \d+\.\d{4} {2}val acc \d\.\d{3} {2}\d+ samples\/s$/m
    )
    expect(result.stdout).toMatch(/^Completed 1 epoch \(4 steps\)/m)
    const { dir, summary } = await onlyRun(join(out, 'runs'))
    expect(await readdir(dir)).toEqual(
      expect.arrayContaining(['weights.bin', 'weights.json', 'probes.jsonl'])
    )
    expect(summary).toMatchObject({
      status: 'completed',
      backend: 'wasm',
      backendNotes: [
        { backend: 'node-gpu', reason: expect.stringContaining('tfjs-node-gpu') },
        // Without VK_ICD_FILENAMES Dawn finds no adapter here (with it, only a software one).
        { backend: 'webgpu', reason: expect.stringMatching(/WebGPU adapter|software adapter/) },
        { backend: 'node', reason: expect.stringContaining('tfjs-node') }
      ],
      seed: 5,
      steps: 4,
      epochs: 1,
      divergedAt: null,
      findings: []
    })
    expect(summary.samplesPerSecond).toBeGreaterThan(0)
    for (const key of ['trainLoss', 'trainAcc', 'valLoss', 'valAcc'] as const)
      expect(summary.final[key]).toEqual(expect.any(Number))
    expect(summary.layers).toHaveLength(7)
    for (const layer of summary.layers) {
      expect(layer).toMatchObject({
        name: expect.any(String),
        kind: 'dense',
        activation: expect.any(String),
        initializer: expect.any(String),
        fanIn: expect.any(Number),
        units: expect.any(Number)
      })
      for (const snapshot of [layer.atInit, layer.final]) {
        // silentOnProbeFraction is there when a census speaks for the snapshot (deadFraction is then
        // the census's); without one, deadFraction is the probe's share and it is left out.
        const { silentOnProbeFraction, ...rest } = snapshot ?? {}
        expect(Object.keys(rest).sort()).toEqual([...SNAPSHOT_FIELDS].sort())
        if (silentOnProbeFraction !== undefined) {
          expect(silentOnProbeFraction).toBeGreaterThanOrEqual(0)
          expect(silentOnProbeFraction).toBeLessThanOrEqual(1)
        }
      }
    }
    expect(summary.layers[0]).toMatchObject({
      name: 'dense_1',
      activation: 'relu',
      initializer: 'he-normal',
      fanIn: 784,
      units: 128
    })
  })

  it('refuses bad input with exit code 2 and a one-line reason, writing no run', async () => {
    const badConfig = join(out, 'bad.json')
    const config = presetInput('relu-he') as { training: Record<string, unknown> }
    config.training.batchSize = -3
    await writeFile(badConfig, JSON.stringify(config))
    const deepConfig = join(out, 'deep.json')
    await writeFile(deepConfig, `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`)
    const aFile = join(out, 'a-file')
    await writeFile(aFile, '')
    const runs = join(out, 'runs')
    const [malformed, deep, unknownPreset, unwritable, noData, badFlag] = await Promise.all([
      train(['--config', badConfig, '--out', runs]),
      train(['--config', deepConfig, '--out', runs]),
      train(['--preset', 'relu-xyz', '--out', runs]),
      train(['--out', aFile]),
      train(['--data', join(out, 'missing'), '--out', runs]),
      train(['--epochs', 'many', '--out', runs])
    ])
    for (const result of [malformed, deep, unknownPreset, unwritable, noData, badFlag]) {
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect(malformed.stderr).toMatch(
      /^Invalid configuration: training\.batchSize: must be greater than 0, got -3/
    )
    expect(deep.stderr).toMatch(/deep\.json .*nested more than 64 levels deep/)
    expect(unknownPreset.stderr).toMatch(
      /^Unknown preset "relu-xyz"\. Known presets: sigmoid-deep, tanh-deep, relu-he,/
    )
    expect(unwritable.stderr).toBe(
      `Cannot write runs to ${aFile}: it is a file, not a folder. Choose a folder path.\n`
    )
    expect(noData.stderr).toMatch(/^The data folder .*missing does not exist/)
    expect(badFlag.stderr).toBe('--epochs must be a whole number of at least 1; got "many".\n')
    expect((await readdir(out)).sort()).toEqual(['a-file', 'bad.json', 'deep.json'])
  })

  it('says why a forced backend is unavailable and leaves no run behind', async () => {
    const result = await train([
      '--backend',
      'node-gpu',
      '--max-steps',
      '2',
      '--no-cache',
      '--out',
      out
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Failed: .*node-gpu/m)
    expect(await readdir(out)).toEqual([])
  })

  it('stops gracefully on Ctrl+C, keeping the run with status stopped', async () => {
    let sent = false
    const result = await train(
      ['--epochs', '50', '--stats-every', '1000', '--backend', 'cpu', '--no-cache', '--out', out],
      (text, kill) => {
        if (!sent && text.includes('Data:')) {
          sent = true
          setTimeout(() => kill('SIGINT'), 1500)
        }
      }
    )
    expect(result.stderr).toMatch(/Stopping after the current step/)
    expect(result.code).toBe(130)
    const { summary } = await onlyRun()
    expect(summary.status).toBe('stopped')
    expect(summary.steps).toBeGreaterThan(0)
    expect(summary.steps).toBeLessThan(50 * 13)
  })
})
