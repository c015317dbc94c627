/**
 * Whether the default thread count earns its cores: the thread sweep (thread-sweep.ts) measures
 * each bench net on the wasm backend at every thread count from 1 to the cores, its wall rate and
 * its CPU-seconds per sample; here the rule's choice (thread-count.ts `threadsForNet`) is held to
 * the two bounds docs/engine.md states: at most MAX_CPU_RATIO × the CPU-seconds per sample of the
 * cheapest count, and at least MIN_RATE_RATIO × the best wall rate. Pure.
 */
import { runConfigSchema, type ModelSpec } from '../main/contract/config/schema'
import { threadsForNet, threadRuleInputs } from '../main/engine/backends/thread-count'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'

/** The bounds the chosen count must meet against the best counts. */
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
  /** chosen's CPU-seconds per sample / the lowest measured (≤ MAX_CPU_RATIO to pass). */
  cpuRatio: number | null
  /** chosen's wall rate / the highest measured (≥ MIN_RATE_RATIO to pass). */
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

/** How the `chosen` row compares with the best rate and the lowest CPU cost. Pure. */
export function bounds(
  rows: readonly ThreadCost[],
  chosen: number
): Pick<ThreadChoice, 'cpuRatio' | 'rateRatio' | 'meetsBounds'> {
  const mine = rows.find((r) => r.threads === chosen)
  const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null)
  const bestRate = Math.max(...known(rows.map((r) => r.samplesPerSec)))
  const leastCpu = Math.min(...known(rows.map((r) => r.cpuSecondsPerSample)))
  const cpuRatio =
    mine?.cpuSecondsPerSample != null && Number.isFinite(leastCpu)
      ? mine.cpuSecondsPerSample / leastCpu
      : null
  const rateRatio =
    mine?.samplesPerSec != null && Number.isFinite(bestRate) ? mine.samplesPerSec / bestRate : null
  const meetsBounds =
    cpuRatio === null || rateRatio === null
      ? null
      : cpuRatio <= MAX_CPU_RATIO && rateRatio >= MIN_RATE_RATIO
  return { cpuRatio, rateRatio, meetsBounds }
}
