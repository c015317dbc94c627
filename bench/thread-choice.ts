/**
 * Whether the default thread count earns its cores: each bench net trains on the wasm backend at
 * every thread count from 1 to the cores (interleaved rounds, medians, so load from other
 * processes falls on all alike), measuring the wall rate and the CPU-seconds per sample of the
 * same window of steps (process.cpuUsage: every thread of the process). The rule's choice
 * (thread-count.ts `threadsForNet`) is then held to the two bounds docs/engine.md states: at most
 * 1.1× the CPU-seconds per sample of the cheapest count, and at least 0.95× the best wall rate.
 */
import { runConfigSchema, type ModelSpec } from '../main/contract/config/schema'
import { threadsForNet, threadRuleInputs } from '../main/engine/backends/thread-count'
import { INSTRUMENTS_OFF, runTrainingCost } from './instrumented'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'
import { wallClock } from './plain-loop'
import { median } from './thread-sweep'

/** The bounds the chosen count must meet against the best count. */
export const MAX_CPU_RATIO = 1.1
export const MIN_RATE_RATIO = 0.95

export interface ThreadCost {
  threads: number
  /** Median samples per wall-clock second. */
  rate: number | null
  /** Median CPU-seconds per sample. */
  cpuSecondsPerSample: number | null
}

export interface NetThreads {
  /** The rule's inputs for this net (see threadRuleInputs). */
  convShare: number
  rows: ThreadCost[]
  /** The count the rule picks on this machine. */
  chosen: number
  /** chosen's CPU-seconds per sample / the lowest measured (≤ MAX_CPU_RATIO to pass). */
  cpuRatio: number | null
  /** chosen's rate / the highest measured (≥ MIN_RATE_RATIO to pass). */
  rateRatio: number | null
  meetsBounds: boolean | null
}

/** Measures `net` at 1 … `cores` threads, `rounds` interleaved rounds of `minSteps` timed steps. */
export async function threadChoice(
  net: NetName,
  options: { cores: number; minSteps: number; rounds: number; progress: (m: string) => void }
): Promise<NetThreads> {
  const counts = Array.from({ length: Math.max(1, options.cores) }, (_, i) => i + 1)
  const rates = new Map<number, number[]>(counts.map((n) => [n, []]))
  const cpus = new Map<number, number[]>(counts.map((n) => [n, []]))
  for (let round = 1; round <= options.rounds; round++) {
    for (const threads of counts) {
      options.progress(`${net} cost, ${threads} thread(s), round ${round}/${options.rounds}`)
      const cost = await runTrainingCost(net, 'wasm', {
        statsEvery: INSTRUMENTS_OFF,
        minSteps: options.minSteps,
        clock: wallClock,
        threads
      })
      rates.get(threads)!.push(cost.samplesPerSec)
      cpus.get(threads)!.push(cost.cpuSecondsPerSample)
    }
  }
  const rows = counts.map((threads) => ({
    threads,
    rate: median(rates.get(threads)!),
    cpuSecondsPerSample: median(cpus.get(threads)!)
  }))
  const model = netModel(net)
  const inputs = threadRuleInputs(model)
  const chosen = threadsForNet(model, model.inputShape, options.cores)
  return { convShare: inputs.convShare, rows, chosen, ...bounds(rows, chosen) }
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

/** How the `chosen` row compares with the best rate and the lowest CPU cost. Pure. */
export function bounds(
  rows: readonly ThreadCost[],
  chosen: number
): Pick<NetThreads, 'cpuRatio' | 'rateRatio' | 'meetsBounds'> {
  const mine = rows.find((r) => r.threads === chosen)
  const known = (values: (number | null)[]) => values.filter((v): v is number => v !== null)
  const bestRate = Math.max(...known(rows.map((r) => r.rate)))
  const leastCpu = Math.min(...known(rows.map((r) => r.cpuSecondsPerSample)))
  const cpuRatio =
    mine?.cpuSecondsPerSample != null && Number.isFinite(leastCpu)
      ? mine.cpuSecondsPerSample / leastCpu
      : null
  const rateRatio = mine?.rate != null && Number.isFinite(bestRate) ? mine.rate / bestRate : null
  const meetsBounds =
    cpuRatio === null || rateRatio === null
      ? null
      : cpuRatio <= MAX_CPU_RATIO && rateRatio >= MIN_RATE_RATIO
  return { cpuRatio, rateRatio, meetsBounds }
}
