/**
 * Everything the request handlers need, injected, so the same handlers serve the Electron
 * window and the browser-mode server and run in tests without Electron.
 */
import type { ClaimsCheck } from './claims-check/claims-check'
import type { FolderAccess } from './folder-access'
import type { JsonFileStore } from './json-file-store'
import type { TrainingRunner } from './training-runner'
import type { RunSources } from '../runs/store/run-sources'
import type { RecentFolder, Settings, TrainEventBatch } from '../contract/ipc/contract'

export interface AppContext {
  mode: 'desktop' | 'browser'
  version: string
  platform: string
  /** Run directories go to `<runsDir>/<run-id>/`. */
  runsDir: string
  /** The decoded-image cache for folder data. */
  cacheDir: string
  /** Which backends failed to load on this machine (main/engine/backends/backend-memo.ts). */
  backendMemoFile: string
  sampleRoot: string
  /** True when no settings file existed at start (the UI then opens the sample). */
  firstStart: boolean
  settings: JsonFileStore<Settings>
  recent: JsonFileStore<RecentFolder[]>
  folders: FolderAccess
  /** The native folder dialog (desktop); null in browser mode. Resolves null when cancelled. */
  chooseFolder: (() => Promise<string | null>) | null
  training: TrainingRunner
  /** The Model view's check of the lecture's claims; never runs while `training` does. */
  claims: ClaimsCheck
  /** Run folders and watched folders of runs opened in the Runs view, beside `runsDir`. */
  runSources: RunSources
  /** Sends a batch on 'train:event' (also for runs another process writes, see run-follower.ts). */
  broadcast: (batch: TrainEventBatch) => void
}
