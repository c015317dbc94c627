/**
 * Handlers for runs kept outside the app's runs folder: list, add and remove run folders and
 * watched folders of runs, and follow a run another process is still writing. A path from the UI
 * is checked like a data folder: desktop, the person's own choice (dialog or typed) is read but
 * not granted for data; browser mode, it must lie under --runs-dir or a --data-root, and runs
 * under a --data-root are read-only (run-handlers.ts).
 */
import { realpath } from 'node:fs/promises'
import { ok } from '../../contract/result'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'
import { isInside, realFolder } from '../folder-access'
import { followRun, type RunFollower } from '../run-follower'
import { runDir } from '../../runs/store/run-store'
import { writerAlive } from '../../runs/run-reader'

type SourceChannels = 'runs:sources' | 'runs:add-source' | 'runs:remove-source' | 'runs:follow'

/**
 * The real path of a folder the UI named, if this app may read its runs; throws saying why not.
 * Desktop: any folder, but it is not granted as a data folder (data:scan and data:browse still
 * take only a dropped or chosen folder; a typed run source must not widen them).
 */
async function allowedFolder(ctx: AppContext, path: string): Promise<string> {
  if (ctx.mode === 'desktop') return realFolder(path)
  const real = await realFolder(path)
  const runsRoot = await realpath(ctx.runsDir).catch(() => ctx.runsDir)
  if (isInside(runsRoot, real)) return real
  return ctx.folders.resolve(path).catch(() => {
    throw new Error(
      `${path} is outside the folders this server may read; choose a folder under ` +
        `${ctx.runsDir} (--runs-dir) or restart it with --data-root <folder>.`
    )
  })
}

export function sourceHandlers(ctx: AppContext): Pick<HandlerMap, SourceChannels> {
  let follower: RunFollower | null = null
  return {
    'runs:sources': async () => ok(ctx.runSources.list()),
    'runs:add-source': async ({ path }) => {
      let chosen = path ?? null
      if (chosen === null) {
        if (!ctx.chooseFolder)
          throw new Error('There is no folder dialog in browser mode; type or pick the folder.')
        chosen = await ctx.chooseFolder()
        if (chosen === null) return ok({ sources: ctx.runSources.list(), added: null })
      }
      const real = await allowedFolder(ctx, chosen)
      const sources = await ctx.runSources.add(real)
      return ok({ sources, added: sources.find((s) => s.path === real) ?? null })
    },
    'runs:remove-source': async ({ path }) => ok(await ctx.runSources.remove(path)),
    'runs:follow': async ({ runId }) => {
      if (ctx.training.liveRunIds().has(runId)) return ok({ following: false })
      const dir = runDir(await ctx.runSources.rootOf(runId), runId)
      if (!(await writerAlive(dir, runId, {}))) return ok({ following: false })
      follower?.stop()
      follower = await followRun(dir, ctx.broadcast)
      return ok({ following: true })
    }
  }
}
