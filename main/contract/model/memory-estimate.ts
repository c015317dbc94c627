/**
 * How much memory a planned model needs to train, before any tensor exists: parameters,
 * their gradients, optimizer state, and activations kept for the backward pass (× batch) and
 * for the probes (× probe batch). Float32 throughout. An estimate of what the trainer holds, not
 * of every temporary the backend allocates; it exists so a config that cannot fit (say a dense
 * layer of a million units) is refused with numbers before allocation. Pure.
 */
import type { OptimizerSpec } from '../config/schema'
import { slidingOutput, type ModelPlan, type WeightedPlan } from './plan'

const FLOAT_BYTES = 4

/** Slot variables per trainable parameter that each optimizer keeps (Adam: two moments). */
export const OPTIMIZER_SLOTS: Record<OptimizerSpec['type'], number> = {
  sgd: 0,
  momentum: 1,
  adam: 2
}

export interface MemoryEstimate {
  /** Every parameter: trainable ones plus batch norm's moving mean and variance. */
  parameters: number
  trainable: number
  /** Floats one example leaves behind through the network (input, pre-activations, outputs…). */
  activationsPerExample: number
  batchSize: number
  probeSize: number
  bytes: {
    parameters: number
    gradients: number
    optimizer: number
    /** activationsPerExample × (2 × batch: values and their gradients + probe batch). */
    activations: number
    total: number
  }
}

/** Trainable parameters of one weighted layer: kernel, bias, and batch norm's gamma and beta. */
export function trainableOf(layer: WeightedPlan): number {
  const kernel = layer.kernelShape.reduce((a, b) => a * b, 1)
  return kernel + layer.units + (layer.batchNorm ? 2 * layer.units : 0)
}

/**
 * Floats a weighted layer keeps per example: its pre-activation and output, batch norm's
 * normalized and scaled values, and a dropout mask.
 */
function keptBy(layer: WeightedPlan): number {
  const size = layer.outputShape.reduce((a, b) => a * b, 1)
  return size * (2 + (layer.batchNorm ? 2 : 0) + (layer.dropout > 0 ? 1 : 0))
}

/** Floats per example through `plan`: the input, each weighted layer's values, each pool's output. */
export function activationsPerExample(plan: ModelPlan): number {
  let floats = plan.inputShape.reduce((a, b) => a * b, 1)
  let shape: number[] = [...plan.inputShape]
  for (const stage of plan.stages) {
    if (stage.type === 'weighted') {
      const layer = plan.layers[stage.layer]!
      floats += keptBy(layer)
      shape = layer.outputShape
    } else if (stage.type === 'pool') {
      const [h, w, c] = shape as [number, number, number]
      const along = (n: number) =>
        slidingOutput(n, stage.poolSize, stage.strides, stage.padding) ?? 1
      shape = [along(h), along(w), c]
      floats += along(h) * along(w) * c
    }
  }
  return floats
}

/** The estimate for training `plan` with `optimizer` at `batchSize`, probing `probeSize` examples. */
export function estimateMemory(
  plan: ModelPlan,
  training: { batchSize: number; optimizer: OptimizerSpec },
  probeSize: number
): MemoryEstimate {
  const trainable = plan.layers.reduce((sum, layer) => sum + trainableOf(layer), 0)
  const moving = plan.layers.reduce((sum, l) => sum + (l.batchNorm ? 2 * l.units : 0), 0)
  const parameters = trainable + moving
  const perExample = activationsPerExample(plan)
  const bytes = {
    parameters: FLOAT_BYTES * parameters,
    gradients: FLOAT_BYTES * trainable,
    optimizer: FLOAT_BYTES * trainable * OPTIMIZER_SLOTS[training.optimizer.type],
    activations: FLOAT_BYTES * perExample * (2 * training.batchSize + probeSize),
    total: 0
  }
  bytes.total = bytes.parameters + bytes.gradients + bytes.optimizer + bytes.activations
  return {
    parameters,
    trainable,
    activationsPerExample: perExample,
    batchSize: training.batchSize,
    probeSize,
    bytes
  }
}

/** "9.4 GB", "312 MB", "48 kB" (decimal units, as the budget's MB). */
export function bytesText(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`
}

/** "784 M", "1.2 M", "101,770" parameters. */
export function countText(n: number): string {
  if (n >= 1e7) return `${Math.round(n / 1e6)} M`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`
  return n.toLocaleString('en-US')
}

/** One line listing where the memory goes. */
export function estimateText(e: MemoryEstimate): string {
  const b = e.bytes
  return (
    `≈ ${bytesText(b.total)} (${countText(e.parameters)} parameters: ${bytesText(b.parameters)}, ` +
    `gradients ${bytesText(b.gradients)}, optimizer state ${b.optimizer === 0 ? 'none' : bytesText(b.optimizer)}; ` +
    `activations × batch ${e.batchSize} and probe batch ${e.probeSize}: ${bytesText(b.activations)})`
  )
}

/**
 * Null when `estimate` fits `budgetBytes`; otherwise the refusal a person reads, with the
 * estimate, the budget, where the budget came from, and what to change.
 */
export function budgetRefusal(
  estimate: MemoryEstimate,
  budgetBytes: number,
  budgetSource: string
): string | null {
  if (estimate.bytes.total <= budgetBytes) return null
  return (
    `The model needs ${estimateText(estimate)}; the budget is ${bytesText(budgetBytes)} (${budgetSource}). ` +
    'Use fewer units or filters, a smaller input shape, a smaller batch size, or pooling before the dense layers; ' +
    'or raise the budget with TRAINSCAPE_MEMORY_BUDGET_MB (or --memory-budget MB on the command line).'
  )
}
