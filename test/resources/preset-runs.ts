/**
 * Test helper: trains a bundled preset small on the bundled sample (the default data), in
 * process on wasm, through the claims' own runner (main/claims/small-run.ts), and keeps the run
 * folder the real run writer made from the same events. Each test file gets its own runner (one
 * temp folder holding the decoded-image cache and the run folders), and a runner trains each
 * key once, one run at a time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  completedRun,
  sizedPreset,
  trainSmall,
  type Small as SmallSize,
  type SmallRun
} from '../../main/claims/small-run'
import { createRunWriter } from '../../main/runs/run-writer'

/** How small to run a preset (training.maxSteps is required here). */
export type Small = SmallSize & { maxSteps: number }

export interface PresetRun extends SmallRun {
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
      const started = queue.then(async () => train(await root, name, small, key))
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

async function train(root: string, name: string, small: Small, key: string): Promise<PresetRun> {
  const runId = key.replace(/[^a-z0-9-]/gi, '-')
  const config = sizedPreset(name, small, null)
  const data = { kind: 'sample' } as const
  await mkdir(join(root, 'runs'), { recursive: true })
  const writer = await createRunWriter(join(root, 'runs'), {
    runId,
    config,
    data,
    backend: 'wasm'
  })
  const place = { data, cacheDir: join(root, 'cache') }
  const run = await trainSmall(runId, config, place, (event) => writer.record(event))
  await writer.finish(run.end)
  return { ...completedRun(runId, run), dir: writer.dir }
}
