/**
 * "Try the fix": trains a fork of a stored run (main/runs/store/fork-run.ts plans it: the
 * parent's config with the changes, same seed, initial weights and batches, same data) through
 * the same start path as `train:start`. The parent is named by id only and found in the runs
 * folders the app knows; the changes are checked against the config schema before anything runs.
 */
import { fail, ok } from '../../contract/result'
import { planFork } from '../../runs/store/fork-run'
import { runDir } from '../../runs/store/run-store'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'
import { startRun } from './train-handlers'

export function forkHandlers(ctx: AppContext): Pick<HandlerMap, 'runs:fork'> {
  return {
    'runs:fork': async ({ runId, changes }) => {
      if (ctx.training.liveRunIds().has(runId))
        return fail(`Run ${runId} is still training; try its fix once it has ended.`)
      const root = await ctx.runSources.rootOf(runId)
      const plan = await planFork(runDir(root, runId), changes ?? null, ctx.sampleRoot)
      if (!plan.ok) return plan
      const { config, data, forkOf, backend } = plan.value
      const started = await startRun(ctx, {
        config,
        data,
        forkOf,
        ...(backend === null ? {} : { backend })
      })
      return started.ok ? ok({ status: started.value, forkOf, config }) : started
    }
  }
}
