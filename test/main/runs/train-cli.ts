/**
 * Test helper: trains real runs with the real `train` command line (a child process running
 * main/cli/train.ts through tsx), so run-store, findings and export tests read exactly what a
 * user's run folder holds.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { RunConfigInput } from '../../../main/contract/config/schema'

export { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

export const REPO = resolve(import.meta.dirname, '../../..')

/** A small but complete network: conv + pool + dense with batch norm, dropout and leaky ReLU. */
export function tinyConfig(overrides: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    name: 'tiny',
    model: {
      inputShape: [12, 12, 1],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu', initializer: 'he-normal' },
        { type: 'maxPool', poolSize: 2 },
        {
          type: 'dense',
          units: 16,
          activation: 'tanh',
          batchNorm: true,
          initializer: 'glorot-normal'
        },
        {
          type: 'dense',
          units: 12,
          activation: 'leaky-relu',
          dropout: 0.25,
          initializer: 'he-normal'
        }
      ]
    },
    training: {
      optimizer: { type: 'adam', learningRate: 0.01 },
      batchSize: 50,
      epochs: 2,
      seed: 3
    },
    probe: { statsEvery: 4, probeSize: 64 },
    ...overrides
  }
}

/** Starts `train` with a config file written into `root`; the run folder appears under root/runs. */
export async function spawnTrain(
  root: string,
  config: RunConfigInput,
  extra: string[] = []
): Promise<ChildProcess> {
  const file = join(root, `config-${Date.now()}-${Math.random().toString(16).slice(2)}.json`)
  await writeFile(file, JSON.stringify(config))
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/cli/train.ts',
      '--config',
      file,
      '--out',
      join(root, 'runs'),
      // The cpu backend unless `extra` names another.
      ...(extra.includes('--backend') ? [] : ['--backend', 'cpu']),
      ...extra
    ],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
}

/** Starts `train --fork parentDir` with `extra` flags (e.g. --set); the fork lands in root/runs. */
export function spawnFork(root: string, parentDir: string, extra: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'main/cli/train.ts', '--fork', parentDir, '--out', join(root, 'runs'), ...extra],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] }
  )
}

/** Resolves with the exit code and output once the process ends. */
export function finished(
  child: ChildProcess
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  let output = ''
  child.stdout?.on('data', (d) => (output += String(d)))
  child.stderr?.on('data', (d) => (output += String(d)))
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, output })))
}

/** Trains to the end and returns the run folder. Throws with the output when training fails. */
export async function trainRun(
  root: string,
  config: RunConfigInput,
  extra: string[] = []
): Promise<string> {
  const before = new Set(await readdir(join(root, 'runs')).catch(() => []))
  const result = await finished(await spawnTrain(root, config, extra))
  const created = (await readdir(join(root, 'runs'))).filter((d) => !before.has(d))
  if (created.length !== 1)
    throw new Error(`expected one new run folder (exit ${result.code}):\n${result.output}`)
  return join(root, 'runs', created[0]!)
}
