/**
 * A stored run (RunDetail, as the host reads it from its run directory) as the same view model
 * a live run folds into, so every chart draws both. Pure.
 */
import type { RunDetail } from '../../../main/contract/ipc/contract'
import { emptyRun, type RunView } from './run-state'
import { stepLogOf } from './step-log'

/**
 * The RunView of a stored run; its steps are bounded like a live run's (downsampled past the
 * recent window). Does not mutate `detail` (other arrays are shared, read-only).
 */
export function viewOfDetail(detail: RunDetail): RunView {
  const s = detail.summary
  const status = s.status
  const ended = status !== 'running'
  const stepLog = stepLogOf(detail.steps)
  return {
    ...emptyRun(),
    id: detail.id,
    config: detail.config,
    phase: ended ? 'ended' : 'running',
    backend: s.backend,
    backendNotes: s.backendNotes,
    dataset: s.dataset,
    layers: detail.layers,
    steps: stepLog.records(),
    stepLog,
    probes: detail.probes,
    epochs: detail.epochs,
    evaluation: detail.evaluation,
    end:
      status !== 'running' && status !== 'interrupted'
        ? {
            status,
            reason: s.reason,
            steps: s.steps,
            epochs: s.epochs,
            samplesPerSecond: s.samplesPerSecond,
            final: s.final,
            divergedAt: s.divergedAt,
            divergedLayer: s.divergedLayer
          }
        : null,
    error:
      status === 'interrupted'
        ? 'The run was interrupted (its trainer stopped without finishing).'
        : null
  }
}

/** [min, max] over both runs of `values(view)`, finite (and positive when `positive`) only. */
export function sharedDomain(
  views: readonly (RunView | null)[],
  values: (view: RunView) => number[],
  positive = false
): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of views) {
    if (!v) continue
    for (const x of values(v)) {
      if (!Number.isFinite(x) || (positive && x <= 0)) continue
      lo = Math.min(lo, x)
      hi = Math.max(hi, x)
    }
  }
  return lo < hi ? [lo, hi] : undefined
}
