/**
 * How views reach the two stores (Svelte context, set once by App.svelte), and the run actions
 * shared by buttons and keyboard shortcuts.
 */
import { getContext, setContext } from 'svelte'
import type { RunAction } from '../lib/hotkeys'
import type { Navigation } from './navigation.svelte'
import type { WorkspaceStore } from './workspace.svelte'
import type { TrainingStore } from './training.svelte'
import type { ForkStore } from './fork.svelte'

export interface AppStores {
  workspace: WorkspaceStore
  training: TrainingStore
  /** "Try the fix": the fork being trained or shown. */
  fork: ForkStore
  nav: Navigation
}

const KEY = Symbol('trainscape-stores')

export function provideStores(stores: AppStores): void {
  setContext(KEY, stores)
}

export function useStores(): AppStores {
  const stores = getContext<AppStores | undefined>(KEY)
  if (!stores)
    throw new Error('useStores() called outside App: the stores are provided by App.svelte')
  return stores
}

/**
 * Runs a start/pause/resume/stop; start uses the workspace's validated draft and image source.
 * When the last session's folder is gone, start shows the Data view, which says so, instead.
 */
export async function runAction(
  { workspace, training, nav }: AppStores,
  action: RunAction
): Promise<void> {
  if (action !== 'start') return training.control(action)
  if (workspace.sourceMissing) return nav.go('data')
  const config = workspace.check.config
  if (!config) return
  await training.start(config, workspace.source, workspace.backend)
}
