/**
 * What "Try the fix" draws once the fork has ended: the parent and the fork as two compared
 * runs (A parent, B fork), the layer and measure the finding is about, the step both reached,
 * and the measured verdict line. Pure.
 */
import type { RunDetail } from '../../../main/contract/ipc/contract'
import type { Finding, ForkOf } from '../../../main/contract/runs/summary'
import {
  affectedLayer,
  forkVerdict,
  type FractionMeasure
} from '../../../main/contract/runs/fork-verdict'
import { comparedRuns, layerNames, type ComparedRun } from './compare-series'
import { viewOfDetail } from './run-detail'

export interface ForkOverlay {
  runs: ComparedRun[]
  layer: string
  measure: FractionMeasure
  /** The last step either run recorded (the depth charts' step). */
  step: number
  verdict: string
}

/** The overlay of `parent` and `fork` for `finding` (null: no layer singled out). Pure. */
export function forkOverlay(
  parent: RunDetail,
  fork: RunDetail,
  forkOf: ForkOf,
  finding: Finding | null
): ForkOverlay {
  const runs = comparedRuns(
    [viewOfDetail(parent), viewOfDetail(fork)],
    ['parent', `fork: ${forkOf.words.join(', ') || 'changed'}`]
  )
  const affected = affectedLayer(finding, parent.summary.layers)
  const names = layerNames(runs)
  const layer = affected && names.includes(affected.name) ? affected.name : (names[0] ?? '')
  const step = Math.max(0, ...runs.map((r) => r.view.steps.at(-1)?.step ?? 0))
  return {
    runs,
    layer,
    measure: affected?.measure ?? 'dead',
    step,
    verdict: forkVerdict(parent.summary, fork.summary, affected)
  }
}
