/**
 * Our training speed and PyTorch's at every thread count from 1 to the cores, wall-clock, from
 * interleaved runs (ours at n threads, PyTorch at n threads, ours, PyTorch … three rounds, the
 * median of each), so that load from other processes falls on both alike. Ours is runTraining on
 * the wasm backend with instruments off; at the default thread count (one per core) it also
 * runs with the default instruments, interleaved the same way, for their wall-clock cost. Each
 * of our runs also gives its CPU-seconds per sample (the same window, process.cpuUsage), which
 * thread-choice.ts holds the default thread count to.
 */
import { threadsForNet } from '../main/engine/backends/thread-count'
import { DEFAULT_STATS_EVERY } from '../main/contract/config/schema'
import { medianOfKnown } from '../main/contract/median'
import { INSTRUMENTS_OFF, runTrainingCost } from './instrumented'
import { netModel } from './thread-choice'
import type { NetName } from './nets'
import { wallClock } from './plain-loop'
import { torchSamplesPerSec } from './torch'

/** Rounds of the interleaved runs; each figure is the median of this many. */
export const ROUNDS = 3

export interface ThreadRow {
  threads: number
  /** Median samples per wall-clock second of runTraining on wasm, instruments off. */
  samplesPerSec: number | null
  /** Median CPU-seconds (every thread of the process) per sample of the same runs. */
  cpuSecondsPerSample: number | null
  /** Median for PyTorch with torch.set_num_threads(threads); null without PyTorch. */
  torchSamplesPerSec: number | null
  /** Every round's figure, in order. */
  runs: (number | null)[]
  torchRuns: (number | null)[]
}

export interface ThreadSweep {
  rows: ThreadRow[]
  /** Thread count of our best median, and that median. */
  bestThreads: number | null
  bestSamplesPerSec: number | null
  torchBestThreads: number | null
  torchBestSamplesPerSec: number | null
  /** bestSamplesPerSec / torchBestSamplesPerSec: our best against PyTorch's best. */
  ratioToTorchBest: number | null
  /** Instruments at the default interval, at the net's default thread count, wall-clock medians. */
  instruments: {
    threads: number
    samplesPerSecOff: number | null
    samplesPerSecOn: number | null
    /** off / on: how many times slower the instruments make training (1.05 = 5%). */
    overheadRatio: number | null
  }
}

/** The row with the highest `pick`, or null. */
function best(rows: ThreadRow[], pick: (r: ThreadRow) => number | null): ThreadRow | null {
  let top: ThreadRow | null = null
  for (const row of rows) {
    const value = pick(row)
    if (value !== null && (top === null || value > (pick(top) ?? -Infinity))) top = row
  }
  return top
}

/**
 * Measures `net` at threads 1 … `cores` (see the module header): at least `minSteps` timed
 * runTraining steps per run of ours, `torchSeconds` per PyTorch run. `torch`: whether PyTorch is available.
 */
export async function threadSweep(
  net: NetName,
  options: {
    cores: number
    minSteps: number
    torchSeconds: number
    torch: boolean
    progress: (message: string) => void
  }
): Promise<ThreadSweep> {
  const counts = Array.from({ length: Math.max(1, options.cores) }, (_, i) => i + 1)
  const model = netModel(net)
  const defaultThreads = threadsForNet(model, model.inputShape, options.cores)
  const runs = new Map<number, (number | null)[]>(counts.map((n) => [n, []]))
  const cpu = new Map<number, (number | null)[]>(counts.map((n) => [n, []]))
  const torchRuns = new Map<number, (number | null)[]>(counts.map((n) => [n, []]))
  const instrumented: (number | null)[] = []
  const ours = (threads: number, statsEvery: number) =>
    runTrainingCost(net, 'wasm', {
      statsEvery,
      minSteps: options.minSteps,
      clock: wallClock,
      threads
    })
  for (let round = 1; round <= ROUNDS; round++) {
    for (const n of counts) {
      options.progress(`${net}, ${n} thread${n === 1 ? '' : 's'}, round ${round}/${ROUNDS}`)
      const cost = await ours(n, INSTRUMENTS_OFF)
      runs.get(n)!.push(cost.samplesPerSec)
      cpu.get(n)!.push(cost.cpuSecondsPerSample)
      if (options.torch) {
        torchRuns.get(n)!.push(torchSamplesPerSec(net, n, options.torchSeconds, 'wall'))
      }
      if (n === defaultThreads)
        instrumented.push((await ours(n, DEFAULT_STATS_EVERY)).samplesPerSec)
    }
  }
  const rows = counts.map((n) => ({
    threads: n,
    samplesPerSec: medianOfKnown(runs.get(n)!),
    cpuSecondsPerSample: medianOfKnown(cpu.get(n)!),
    torchSamplesPerSec: medianOfKnown(torchRuns.get(n)!),
    runs: runs.get(n)!,
    torchRuns: torchRuns.get(n)!
  }))
  const ourBest = best(rows, (r) => r.samplesPerSec)
  const torchBest = best(rows, (r) => r.torchSamplesPerSec)
  const off = rows.find((r) => r.threads === defaultThreads)?.samplesPerSec ?? null
  const on = medianOfKnown(instrumented)
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b <= 0 ? null : a / b
  return {
    rows,
    bestThreads: ourBest?.threads ?? null,
    bestSamplesPerSec: ourBest?.samplesPerSec ?? null,
    torchBestThreads: torchBest?.threads ?? null,
    torchBestSamplesPerSec: torchBest?.torchSamplesPerSec ?? null,
    ratioToTorchBest: ratio(ourBest?.samplesPerSec ?? null, torchBest?.torchSamplesPerSec ?? null),
    instruments: {
      threads: defaultThreads,
      samplesPerSecOff: off,
      samplesPerSecOn: on,
      overheadRatio: ratio(off, on)
    }
  }
}
