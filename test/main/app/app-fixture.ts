/**
 * A real app context on temporary folders (settings, recent folders, runs) with the real
 * handlers, the real bundled sample and the real trainer (worker thread). Not a test file.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { AppContext } from '../../../main/app/app-context'
import { createAppContext, type ContextOptions } from '../../../main/app/create-context'
import { dispatch, type HandlerMap } from '../../../main/app/dispatch'
import { createHandlers } from '../../../main/app/handlers'
import { sampleDatasetRoot } from '../../../main/data/folder/sample'
import type { Result } from '../../../main/contract/result'
import type { TrainEventBatch } from '../../../main/contract/ipc/contract'
import { tempDir } from '../../helpers/temp-dirs'

export interface AppFixture {
  dir: string
  ctx: AppContext
  handlers: HandlerMap
  batches: TrainEventBatch[]
  /** dispatch() with this fixture's handlers. */
  call(channel: unknown, request?: unknown): Promise<Result<unknown>>
  cleanup(): Promise<void>
}

export async function appFixture(
  options: Partial<Pick<ContextOptions, 'mode' | 'dataRoots' | 'chooseFolder'>> & {
    userData?: string
  } = {}
): Promise<AppFixture> {
  const dir = await tempDir('app')
  const batches: TrainEventBatch[] = []
  const ctx = await createAppContext({
    mode: options.mode ?? 'browser',
    version: '0.0.0-test',
    userData: options.userData ?? join(dir, 'user-data'),
    runsDir: join(dir, 'runs'),
    sampleRoot: sampleDatasetRoot(),
    dataRoots: options.dataRoots,
    chooseFolder: options.chooseFolder,
    broadcast: (batch) => batches.push(batch)
  })
  const handlers = createHandlers(ctx)
  return {
    dir,
    ctx,
    handlers,
    batches,
    call: (channel, request) => dispatch(handlers, channel, request),
    async cleanup() {
      const check = ctx.claims.running()
      if (check) ctx.claims.cancel(check.jobId)
      await Promise.all([ctx.training.idle(), ctx.claims.idle()])
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A tiny run's config: one dense ReLU layer on 8×8 images, stopping after `maxSteps` steps. */
export function tinyDenseConfig(name: string, maxSteps: number) {
  return {
    name,
    model: {
      inputShape: [8, 8, 1],
      layers: [{ type: 'dense', units: 6, activation: 'relu', initializer: 'he-normal' }]
    },
    training: {
      optimizer: { type: 'adam', learningRate: 0.01 },
      batchSize: 16,
      epochs: 1,
      seed: 3,
      maxSteps
    },
    probe: { statsEvery: 2, probeSize: 16 }
  }
}

/** The error of a Result, failing the test when it succeeded. */
export function errorOf(result: Result<unknown>): string {
  if (result.ok)
    throw new Error(`expected an error, got ${JSON.stringify(result.value).slice(0, 200)}`)
  return result.error
}

/** The value of a Result, failing the test with its error otherwise. */
export function valueOf<T = unknown>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected a value, got error: ${result.error}`)
  return result.value as T
}
