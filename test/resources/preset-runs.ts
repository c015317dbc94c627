/**
 * Test helper: trains a bundled preset small on the bundled sample (the default data), in
 * process on wasm, through the claims' own runner (main/claims/small-run.ts), and keeps the run
 * folder the real run writer made from the same events. Runs are real training, made once per
 * suite run: a run is named by the hash of its whole configuration (preset, size, seed, patch
 * applied), kept in the suite's shared folder (test/helpers/suite-setup.ts), and every test file
 * asking for the same configuration reads the run the first one trained. All of them share one
 * decoded-image cache of the sample.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import {
  completedRun,
  sizedPreset,
  trainSmall,
  type Small as SmallSize,
  type SmallRun,
  type SmallRunPlace
} from '../../main/claims/small-run'
import type { RunConfig } from '../../main/contract/config/schema'
import { stringify } from '../../main/contract/json-lines'
import { createRunWriter } from '../../main/runs/run-writer'
import { onceOnDisk } from '../helpers/once-on-disk'
import { suiteDir } from '../helpers/suite-dir'

/** How small to run a preset (training.maxSteps is required here). */
export type Small = SmallSize & { maxSteps: number }

export interface PresetRun extends SmallRun {
  /** The run folder the run writer made from this run's events (shared: read it, don't write). */
  dir: string
}

export interface PresetRunner {
  /**
   * Trains `name` small once per suite run; later calls with the same configuration, from any
   * test file, share the run. `key` names the run in messages (default the name).
   */
  run(name: string, small: Small, key?: string): Promise<PresetRun>
  /** Waits for this file's runs to end (the shared folder goes when the suite run ends). */
  dispose(): Promise<void>
}

/** A runner on the suite's shared runs: trains one run at a time in this process. */
export function presetRunner(): PresetRunner {
  let queue: Promise<unknown> = Promise.resolve()
  return {
    run(name, small, key = name) {
      const config = sizedPreset(name, small, null)
      const started = queue.then(() => sharedRun(key, config))
      queue = started.catch(() => undefined)
      return started
    },
    async dispose() {
      await queue
    }
  }
}

/** Where runs of the suite's shared store train: the sample, on wasm, one decode cache. */
export function sharedPlace(): SmallRunPlace & { cacheDir: string } {
  return { data: { kind: 'sample' }, backend: 'wasm', cacheDir: join(suiteDir(), 'decode-cache') }
}

/**
 * `config` trained to its end on the shared place, once per suite run, its run folder written
 * by the real run writer (as `trainSmall`, without per-event callbacks). Throws, naming `key`,
 * when the run does not complete.
 */
export async function sharedRun(key: string, config: RunConfig): Promise<PresetRun> {
  const place = sharedPlace()
  const hash = createHash('sha256')
    .update(stringify({ config, data: place.data, backend: place.backend }))
    .digest('hex')
    .slice(0, 16)
  const runId = `${config.name}-${hash}`.replace(/[^a-z0-9-]/gi, '-')
  const run = await onceOnDisk(join(suiteDir(), 'preset-runs', runId), async (dir) => {
    const writer = await createRunWriter(dir, { runId, config, data: place.data, backend: 'wasm' })
    const trained = await trainSmall(runId, config, place, (event) => writer.record(event))
    await writer.finish(trained.end)
    return { ...trained, dir: writer.dir }
  })
  return { ...completedRun(key, run), dir: run.dir }
}
