/**
 * What the Model view says about size: the input shape a run will use (the draft's own, else
 * the one derived from the opened folder), the parameter count and the training memory estimate
 * against the budget. Plain functions over the shared planner and estimator (both pure).
 */
import type { InputShape, RunConfig } from '../../../main/contract/config/schema'
import { DEFAULT_INPUT_SHAPE } from '../../../main/contract/config/input-shape'
import {
  bytesText,
  countText,
  estimateMemory,
  type MemoryEstimate
} from '../../../main/contract/model/memory-estimate'
import { planModel } from '../../../main/contract/model/plan'

/** The shape a run will use: the config's, else the folder's derived one, else 28×28×1. */
export function effectiveShape(config: RunConfig, derived: InputShape | null): InputShape {
  return config.model.inputShape ?? derived ?? [...DEFAULT_INPUT_SHAPE]
}

export type ModelSize =
  { ok: true; estimate: MemoryEstimate; overBudget: boolean } | { ok: false; error: string }

/** The estimate for `config` at `shape` with `classes` classes (at least 2 assumed). Does not mutate. */
export function modelSize(
  config: RunConfig,
  shape: InputShape,
  classes: number,
  budgetBytes: number | null
): ModelSize {
  try {
    const plan = planModel(config.model, Math.max(2, classes), shape)
    const estimate = estimateMemory(plan, config.training, config.probe.probeSize)
    return {
      ok: true,
      estimate,
      overBudget: budgetBytes !== null && estimate.bytes.total > budgetBytes
    }
  } catch (thrown) {
    return { ok: false, error: thrown instanceof Error ? thrown.message : String(thrown) }
  }
}

/** The parts of an estimate, in words, for the Model view's breakdown. */
export function sizeParts(e: MemoryEstimate): { label: string; value: string }[] {
  const b = e.bytes
  return [
    { label: 'weights', value: bytesText(b.parameters) },
    { label: 'gradients', value: bytesText(b.gradients) },
    { label: 'optimizer state', value: b.optimizer === 0 ? 'none' : bytesText(b.optimizer) },
    {
      label: `activations × batch ${e.batchSize} (+ probe ${e.probeSize})`,
      value: bytesText(b.activations)
    }
  ]
}

/** "W × H × C" from [h, w, c]. */
export const shapeWords = ([h, w, c]: readonly number[]): string => `${w} × ${h} × ${c}`

export { bytesText, countText }
