/**
 * Builds the AppContext from plain facts: where user data and runs live, which folders are
 * allowed, how to reach the trainer and the UI. Electron main and the browser-mode server
 * both call this; only what they pass differs.
 */
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { TrainerTransport } from '../engine/host/transport'
import { messageOf } from '../contract/result'
import { recoverInterrupted } from '../runs/store/run-store'
import type { TrainEventBatch } from '../contract/ipc/contract'
import type { AppContext } from './app-context'
import type { ClaimsCommand } from './claims-check/claims-messages'
import { createClaimsCheck } from './claims-check/claims-check'
import { createFolderAccess } from './folder-access'
import { recentFoldersStore } from './recent-folders'
import { SETTINGS_FILE, settingsStore } from './settings-store'
import { createTrainingRunner } from './training-runner'
import { runSourcesStore } from './run-sources-store'
import { createRunSources } from '../runs/store/run-sources'

/** Which backends failed to load here, in the user-data folder (see backend-memo.ts). */
export const BACKEND_MEMO_FILE = 'backend-memo.json'

export interface ContextOptions {
  mode: AppContext['mode']
  version: string
  /** Settings, recent folders and the image cache live here. */
  userData: string
  runsDir: string
  sampleRoot: string
  /** Folders always allowed besides the sample (browser mode's --data-root). */
  dataRoots?: readonly string[]
  chooseFolder?: AppContext['chooseFolder']
  /** A fresh trainer transport per run; a worker thread when absent. */
  transport?: () => TrainerTransport
  /**
   * Keep a spare trainer ready (started now and after each run, see training-runner.ts), so
   * that Start does not wait for the engine to load. The app and browser mode do; tests need not.
   */
  warmTrainer?: boolean
  /** A fresh transport per claims check (entry claims-worker); a worker thread when absent. */
  claimsTransport?: () => TrainerTransport<ClaimsCommand>
  broadcast: (batch: TrainEventBatch) => void
  /** False while the UI connection is congested (see event-coalescer.ts). */
  canDeliver?: () => boolean
}

export async function createAppContext(options: ContextOptions): Promise<AppContext> {
  const settings = settingsStore(options.userData)
  const recent = recentFoldersStore(options.userData)
  const firstStart = await access(join(options.userData, SETTINGS_FILE)).then(
    () => false,
    () => true
  )
  if (firstStart) await settings.update((current) => current)
  const desktop = options.mode === 'desktop'
  const folders = createFolderAccess({
    fixedRoots: [options.sampleRoot, ...(options.dataRoots ?? [])],
    // In the desktop app the recent folders were the person's own choices.
    moreRoots: desktop ? async () => (await recent.read()).map((f) => f.path) : undefined,
    canGrant: desktop
  })
  const backendMemoFile = join(options.userData, BACKEND_MEMO_FILE)
  const training = createTrainingRunner({
    runsDir: options.runsDir,
    transport: options.transport,
    prepare: async () => {
      const { backend, threads } = await settings.read()
      return { type: 'prepare', backend, memoFile: backendMemoFile, ...(threads && { threads }) }
    },
    broadcast: options.broadcast,
    coalescing: options.canDeliver ? { canDeliver: options.canDeliver } : undefined
  })
  await recoverRuns(options.runsDir, training.liveRunIds())
  if (options.warmTrainer) training.warmUp()
  const sourcesFile = runSourcesStore(options.userData)
  const runSources = createRunSources(options.runsDir, await sourcesFile.read(), (list) =>
    sourcesFile.update(() => list).then(() => undefined)
  )
  return {
    mode: options.mode,
    version: options.version,
    platform: process.platform,
    runsDir: options.runsDir,
    cacheDir: join(options.userData, 'image-cache'),
    backendMemoFile,
    sampleRoot: options.sampleRoot,
    firstStart,
    settings,
    recent,
    folders,
    chooseFolder: options.chooseFolder ?? null,
    training,
    claims: createClaimsCheck(
      options.claimsTransport ? { transport: options.claimsTransport } : {}
    ),
    runSources,
    broadcast: options.broadcast
  }
}

/**
 * Marks runs whose trainer died (app killed mid-run, power lost) as interrupted on disk, so the
 * history shows them so. A failure here is logged: it must not keep the app from starting.
 */
async function recoverRuns(runsDir: string, liveRunIds: ReadonlySet<string>): Promise<void> {
  try {
    const recovered = await recoverInterrupted(runsDir, { liveRunIds })
    if (recovered.length > 0)
      console.warn(
        `trainscape: marked ${recovered.length} run(s) as interrupted: ${recovered.join(', ')}`
      )
  } catch (thrown) {
    console.warn(
      `trainscape: could not check ${runsDir} for interrupted runs: ${messageOf(thrown)}`
    )
  }
}
