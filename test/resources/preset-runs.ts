/**
 * Test helper: trains a bundled preset small on the bundled sample (the default data), in
 * process on wasm, and keeps what the app would see: every probe and epoch record, the run's
 * terminal facts, and the run folder the real run writer made from the same events. Each test
 * file gets its own runner (one temp folder holding the decoded-image cache and the run
 * folders), and a runner trains each key once, one run at a time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { presetConfig } from '../../main/config/presets'
import type { RunConfig } from '../../main/config/schema'
import { createRunControl } from '../../main/engine/host/run-control'
import type { RunEnd, TrainRequest } from '../../main/engine/protocol'
import { runTraining } from '../../main/engine/trainer/run-training'
import type { EpochRecord, ProbeRecord } from '../../main/runs/records'
import { createRunWriter } from '../../main/runs/run-writer'

/** How small to run a preset. */
export interface Small {
  /** Stop after this many optimizer steps (training.maxSteps). */
  maxSteps: number
  /** Probe every K steps (plus steps 0, 1, 2, 4, … below K and the last step); default 100,000. */
  statsEvery?: number
  /** Changes to the preset for a comparison run (the preset's own file is not touched). */
  patch?: (config: RunConfig) => RunConfig
}

export interface PresetRun {
  end: RunEnd
  probes: ProbeRecord[]
  epochs: EpochRecord[]
  /** The run folder the run writer made from this run's events. */
  dir: string
}

export interface PresetRunner {
  /** Trains `name` small under `key` (default the name) once; later calls share the run. */
  run(name: string, small: Small, key?: string): Promise<PresetRun>
  /** Removes the runner's temp folder (cache and run folders); call from afterAll. */
  dispose(): Promise<void>
}

/** A runner with a fresh temp folder; nothing is trained until `run` is called. */
export function presetRunner(): PresetRunner {
  const root = mkdtemp(join(tmpdir(), 'trainscape-presets-'))
  const runs = new Map<string, Promise<PresetRun>>()
  let queue: Promise<unknown> = Promise.resolve()
  return {
    run(name, small, key = name) {
      const known = runs.get(key)
      if (known) return known
      const started = queue.then(async () => train(await root, sized(name, small), key))
      queue = started.catch(() => undefined)
      runs.set(key, started)
      return started
    },
    async dispose() {
      await queue
      await rm(await root, { recursive: true, force: true })
    }
  }
}

/** The preset with the small run's step limit, probe interval and patch applied. */
function sized(name: string, small: Small): RunConfig {
  const base = presetConfig(name)
  if (!base) throw new Error(`There is no preset named ${name}.`)
  const config: RunConfig = {
    ...base,
    training: { ...base.training, maxSteps: small.maxSteps },
    instruments: { ...base.instruments, statsEvery: small.statsEvery ?? 100_000, probeSize: 128 }
  }
  return small.patch ? small.patch(config) : config
}

async function train(root: string, config: RunConfig, key: string): Promise<PresetRun> {
  const request: TrainRequest = {
    runId: key.replace(/[^a-z0-9-]/gi, '-'),
    config,
    data: { kind: 'sample' },
    backend: 'wasm',
    cacheDir: join(root, 'cache')
  }
  await mkdir(join(root, 'runs'), { recursive: true })
  const writer = await createRunWriter(join(root, 'runs'), request)
  const probes: ProbeRecord[] = []
  const epochs: EpochRecord[] = []
  const end = await runTraining(
    request,
    (event) => {
      writer.record(event)
      if (event.type === 'probe') probes.push(event.record)
      if (event.type === 'epoch') epochs.push(event.record)
    },
    createRunControl()
  )
  await writer.finish(end)
  if (end.status !== 'completed')
    throw new Error(`${key} ended ${end.status} at step ${end.steps}: ${end.reason}`)
  return { end, probes, epochs, dir: writer.dir }
}
