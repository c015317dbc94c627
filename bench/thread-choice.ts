/**
 * Whether the default thread count earns its cores: the thread sweep (thread-sweep.ts) measures
 * each bench net on the wasm backend at every thread count from 1 to the cores, its wall rate and
 * its CPU-seconds per sample; here the rule's choice (thread-count.ts `threadsForNet`) is held to
 * the two bounds docs/engine.md states against the best count (the fastest): at most
 * MAX_CPU_RATIO × its CPU-seconds per sample, and at least MIN_RATE_RATIO × its wall rate. Pure.
 */
import { runConfigSchema, type ModelSpec } from '../main/contract/config/schema'
import { threadsForNet, threadRuleInputs } from '../main/engine/backends/thread-count'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'

/** The bounds the chosen count must meet against the best (fastest) count. */
export const MAX_CPU_RATIO = 1.1
export const MIN_RATE_RATIO = 0.95

/** What the sweep measured at one thread count (medians; null where not measured). */
export interface ThreadCost {
  threads: number
  samplesPerSec: number | null
  cpuSecondsPerSample: number | null
}

export interface ThreadChoice {
  /** The rule's input: share of the net's forward multiply-adds in convolutions. */
  convShare: number
  /** The count the rule picks on this machine. */
  chosen: number
  /** chosen's CPU-seconds per sample / the best (fastest) count's (≤ MAX_CPU_RATIO to pass). */
  cpuRatio: number | null
  /** chosen's wall rate / the best count's (≥ MIN_RATE_RATIO to pass). */
  rateRatio: number | null
  /** Both bounds met; null when a figure is missing. */
  meetsBounds: boolean | null
}

/** The bench net `net` as the model part of a run config (defaults filled in). */
export function netModel(net: NetName): ModelSpec {
  return runConfigSchema.parse({
    name: `bench-${net}`,
    model: { inputShape: INPUT_SHAPE, layers: NET_LAYERS[net] },
    training: {
      optimizer: { type: 'adam', learningRate: LEARNING_RATE },
      batchSize: BATCH_SIZE,
      epochs: 1,
      seed: 1
    }
  }).model
}

/** The rule's choice for `net` on `cores` cores, judged against the sweep's `rows`. */
export function judgeThreadChoice(
  net: NetName,
  rows: readonly ThreadCost[],
  cores: number
): ThreadChoice {
  const model = netModel(net)
  const chosen = threadsForNet(model, model.inputShape, cores)
  return { convShare: threadRuleInputs(model).convShare, chosen, ...bounds(rows, chosen) }
}

/**
 * How the `chosen` row compares with the best count (the fastest median wall rate): its
 * CPU-seconds per sample over the best count's, and its rate over the best rate. A default that
 * spends a second core on no speed-up costs about 2× the best count's CPU; one that leaves a
 * speed-up on the table trains slower than the best rate. Pure.
 */
export function bounds(
  rows: readonly ThreadCost[],
  chosen: number
): Pick<ThreadChoice, 'cpuRatio' | 'rateRatio' | 'meetsBounds'> {
  const mine = rows.find((r) => r.threads === chosen)
  let best: ThreadCost | null = null
  for (const row of rows) {
    if (row.samplesPerSec !== null && row.samplesPerSec > (best?.samplesPerSec ?? -Infinity))
      best = row
  }
  const over = (a: number | null | undefined, b: number | null | undefined) =>
    a == null || b == null || b <= 0 ? null : a / b
  const cpuRatio = over(mine?.cpuSecondsPerSample, best?.cpuSecondsPerSample)
  const rateRatio = over(mine?.samplesPerSec, best?.samplesPerSec)
  const meetsBounds =
    cpuRatio === null || rateRatio === null
      ? null
      : cpuRatio <= MAX_CPU_RATIO && rateRatio >= MIN_RATE_RATIO
  return { cpuRatio, rateRatio, meetsBounds }
}
