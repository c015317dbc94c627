/** Handlers that start and steer training. The configuration is validated here, field by field. */
import { parseRunConfig } from '../../contract/config/validate'
import type { DataSource } from '../../contract/trainer-protocol'
import { memoryBudget } from '../../engine/model/memory-budget'
import { preflightMemory } from '../../engine/trainer/memory-check'
import { fail, ok, type Result } from '../../contract/result'
import type { RunConfig } from '../../contract/config/schema'
import type { BackendChoice } from '../../contract/trainer-protocol'
import type { ForkOf } from '../../contract/runs/summary'
import type { TrainingStatus } from '../../contract/ipc/contract'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'
import { withRecent } from '../recent-folders'

type TrainChannels =
  'train:start' | 'train:pause' | 'train:resume' | 'train:stop' | 'train:status' | 'model:budget'

/**
 * Starts a validated run (a fork carries `forkOf`): a folder source is checked and remembered,
 * a model over the memory budget or a running claims check refuses it, the backend defaults to
 * the setting. The one start path of `train:start` and `runs:fork`.
 */
export async function startRun(
  ctx: AppContext,
  request: { config: RunConfig; data: DataSource; backend?: BackendChoice; forkOf?: ForkOf }
): Promise<Result<TrainingStatus>> {
  let data = request.data
  if (data.kind === 'folder') {
    const path = await ctx.folders.resolve(data.path)
    await ctx.recent.update((list) => withRecent(list, path, new Date()))
    data = { kind: 'folder', path }
  }
  // A model over the memory budget is refused here, before a run folder or trainer exists.
  const tooBig = await preflightMemory(request.config, data, ctx.sampleRoot)
  if (tooBig) return fail(tooBig)
  const settings = await ctx.settings.read()
  const backend = request.backend ?? settings.backend
  const threads = settings.threads ?? undefined
  // No await from here to start(): a run and a claims check asked for at once cannot both pass.
  const check = ctx.claims.running()
  if (check)
    return fail(
      'A claims check is running; it trains runs of its own. Cancel it in the Model view or ' +
        'wait for it to finish, then start training.'
    )
  return ok(
    await ctx.training.start({
      config: request.config,
      data,
      backend,
      ...(threads === undefined ? {} : { threads }),
      cacheDir: ctx.cacheDir,
      memoFile: ctx.backendMemoFile,
      ...(request.forkOf ? { forkOf: request.forkOf } : {})
    })
  )
}

export function trainHandlers(ctx: AppContext): Pick<HandlerMap, TrainChannels> {
  return {
    'train:start': async (request) => {
      const config = parseRunConfig(request.config)
      if (!config.ok) return fail(config.error)
      return startRun(ctx, { config: config.value, data: request.data, backend: request.backend })
    },
    'train:pause': async ({ runId }) => ok(ctx.training.command(runId, 'pause')),
    'train:resume': async ({ runId }) => ok(ctx.training.command(runId, 'resume')),
    'train:stop': async ({ runId }) => ok(ctx.training.command(runId, 'stop')),
    'train:status': async () => ok(ctx.training.status()),
    'model:budget': async () => ok(memoryBudget())
  }
}
