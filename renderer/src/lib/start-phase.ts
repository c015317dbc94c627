/**
 * What the Train view says while a run is starting: the trainer's start phase in words (the
 * backend, the data with its decoding progress, the model, the first step), so that the seconds
 * before the first step are never silent. Pure.
 */
import type { RunView } from './run-state'

/** The line for `view` while it starts, or null once it trains (or before/after a run). */
export function startPhaseText(
  view: Pick<RunView, 'phase' | 'startPhase' | 'loading'>
): string | null {
  if (view.phase !== 'starting' && view.phase !== 'loading') return null
  switch (view.startPhase) {
    case null:
      return 'Starting the trainer…'
    case 'backend':
      return 'Starting: backend (loading the engine and choosing where to train)…'
    case 'data':
      return `Loading data${loadingWords(view.loading)}…`
    case 'model':
      return 'Building the model…'
    case 'first-step':
      return 'First step (preparing the kernels)…'
    default: {
      const never: never = view.startPhase
      throw new Error(`Unknown start phase ${String(never)}`)
    }
  }
}

function loadingWords(loading: RunView['loading']): string {
  if (loading === null) return ''
  const total = loading.total ? ` of ${loading.total}` : ''
  return `: ${loading.decoded} images decoded${total}, ${loading.skipped} skipped`
}
