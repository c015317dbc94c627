/**
 * Browser mode assembled: the UI server, the shared AppContext (browser flavour: only the
 * sample and the --data-root folders may be opened, no dialog) and the same handlers the
 * desktop window uses, with the trainer in a worker thread.
 */
import { access } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { TrainerTransport } from '../engine/host/transport'
import { sampleDatasetRoot } from '../data/folder/sample'
import type { AppContext } from '../app/app-context'
import { createAppContext } from '../app/create-context'
import { realFolder } from '../app/folder-access'
import { createHandlers } from '../app/handlers'
import { EXPORT_FOLDER } from '../app/handlers/run-handlers'
import { makeToken } from './access-token'
import { startUiServer, type UiServer } from './ui-server'

export interface BrowserModeOptions {
  rendererDir: string
  host: string
  port: number
  dataRoots: readonly string[]
  runsDir: string
  userData: string
  version: string
  /** A fresh trainer transport per run; a worker thread on trainer-worker.ts when absent. */
  transport?: () => TrainerTransport
}

export interface BrowserMode {
  server: UiServer
  ctx: AppContext
  /**
   * Waits for a running training to end (after asking it to stop) and cancels a claims check,
   * then closes the server.
   */
  close(): Promise<void>
}

/** Starts browser mode. Throws an Error a person can act on (no build, bad data root, port taken). */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const rendererDir = resolve(options.rendererDir)
  await access(join(rendererDir, 'index.html')).catch(() => {
    throw new Error(
      `No built UI in ${rendererDir}. Run \`npm run build\` (or \`npx electron-vite build\`) first.`
    )
  })
  const dataRoots = await Promise.all(
    options.dataRoots.map((root) =>
      realFolder(resolve(root)).catch((thrown: Error) => {
        throw new Error(`--data-root ${root}: ${thrown.message}`)
      })
    )
  )
  const server = await startUiServer({
    rendererDir,
    token: makeToken(),
    host: options.host,
    port: options.port,
    exports: {
      runsDir: resolve(options.runsDir),
      folder: EXPORT_FOLDER,
      // A run opened from another folder (Runs view) exports into its own folder.
      rootOf: (runId) => ctx.runSources.knownRoot(runId)
    }
  })
  const ctx = await createAppContext({
    mode: 'browser',
    version: options.version,
    userData: resolve(options.userData),
    runsDir: resolve(options.runsDir),
    sampleRoot: sampleDatasetRoot(),
    dataRoots,
    transport: options.transport,
    warmTrainer: true,
    broadcast: (batch) => server.bridge.broadcast(batch),
    canDeliver: () => server.bridge.canDeliver()
  })
  server.setHandlers(createHandlers(ctx))
  return {
    server,
    ctx,
    async close() {
      const current = ctx.training.status()
      if (current && current.state !== 'ended') ctx.training.command(current.runId, 'stop')
      const check = ctx.claims.running()
      if (check) ctx.claims.cancel(check.jobId)
      await Promise.all([ctx.training.idle(), ctx.claims.idle()])
      ctx.training.close()
      await server.close()
    }
  }
}
