/**
 * The model-size budget, enforced twice: `preflightMemory` before a run exists (the CLI and the
 * app's train:start refuse with nothing written and no trainer started), and `checkMemory` in
 * the trainer once the data is loaded, before the model is allocated (every host goes through
 * it, whatever called it). Both plan the model and compare the estimate with the budget.
 */
import type { InputShape, RunConfig } from '../../contract/config/schema'
import { DEFAULT_INPUT_SHAPE } from '../../contract/config/input-shape'
import { SYNTHETIC_CLASSES } from '../../data/synthetic'
import { memoryBudget } from '../model/memory-budget'
import {
  budgetRefusal,
  estimateMemory,
  type MemoryEstimate
} from '../../contract/model/memory-estimate'
import { planModel } from '../../contract/model/plan'
import type { DataSource } from '../../contract/trainer-protocol'

/** The estimate for `config` with `classes` classes at `shape`. Throws on a bad architecture. */
export function estimateFor(config: RunConfig, classes: number, shape: InputShape): MemoryEstimate {
  const plan = planModel(config.model, classes, shape)
  return estimateMemory(plan, config.training, config.probe.probeSize)
}

/** Throws the refusal when `config` at `shape` does not fit the budget. */
export function checkMemory(
  config: RunConfig,
  classes: number,
  shape: InputShape,
  budgetMB?: number
): void {
  const budget = memoryBudget(budgetMB)
  const refusal = budgetRefusal(estimateFor(config, classes, shape), budget.bytes, budget.source)
  if (refusal) throw new Error(refusal)
}

/**
 * The refusal for a request whose model cannot fit, or null (also when the data or the
 * architecture has another problem: the trainer reports that one). Looks at the folder (a scan
 * and a sample of headers) only when the config leaves the input shape to the data.
 */
export async function preflightMemory(
  config: RunConfig,
  source: DataSource,
  sampleRoot: string,
  budgetMB?: number
): Promise<string | null> {
  const known = await shapeAndClasses(config, source, sampleRoot).catch(() => null)
  if (!known) return null
  let estimate: MemoryEstimate
  try {
    estimate = estimateFor(config, known.classes, known.shape)
  } catch {
    return null
  }
  try {
    const budget = memoryBudget(budgetMB)
    return budgetRefusal(estimate, budget.bytes, budget.source)
  } catch (thrown) {
    return thrown instanceof Error ? thrown.message : String(thrown)
  }
}

async function shapeAndClasses(
  config: RunConfig,
  source: DataSource,
  sampleRoot: string
): Promise<{ shape: InputShape; classes: number } | null> {
  const set = config.model.inputShape
  if (source.kind === 'synthetic')
    return { shape: set ?? DEFAULT_INPUT_SHAPE, classes: SYNTHETIC_CLASSES.length }
  const root = source.kind === 'sample' ? sampleRoot : source.path
  const { scanFolder } = await import('../../data/folder/scan-folder')
  const scan = await scanFolder(root)
  const classes = scan.classFolders.train.size
  if (classes < 2) return null
  if (set) return { shape: set, classes }
  const { lookAtImages } = await import('../../data/folder/look-at-images')
  const { deriveInputShape } = await import('../../contract/config/input-shape')
  const looks = await lookAtImages(scan.files)
  return { shape: deriveInputShape(looks, config.data.resize).shape, classes }
}
