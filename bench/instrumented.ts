/**
 * The app's real training speed: the bench nets run through the engine's runTraining (data
 * batching, accuracy, the per-step divergence check, events, and probes on the trainer's
 * schedule) on synthetic 28×28×1 data. Comparing the default statsEvery with statsEvery
 * "never" gives the instruments' cost; measureProbeCost (bottom) gives one probe's cost from the
 * step times of a single run (probe-cost.ts), which noise moves far less.
 *
 * What is timed is steady-state training, not setup: the synthetic images are drawn when the
 * set is made (before the first step), a short warm-up run precedes the timed one, and the rate
 * covers a window of steps past the trainer's log-spaced early probes (steps 1, 2, 4, … 32 below
 * the default statsEvery; see main/engine/trainer/probe-schedule.ts), so the final probe and
 * validation fall outside it too (timedWindow). With instruments off the window holds no probe
 * at all; with statsEvery s it holds exactly one probe per s steps, as a long run does.
 */
import { runConfigSchema } from '../main/contract/config/schema'
import type { BackendChoice, TrainEvent } from '../main/contract/trainer-protocol'
import { runTraining } from '../main/engine/trainer/run-training'
import { isProbeStep } from '../main/engine/trainer/probe-schedule'
import type { Clock } from './plain-loop'
import { probeCost, type ProbeCost } from './probe-cost'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'

/** A statsEvery larger than any bench run: probes only at steps 0, 1, 2, 4, 8, … and the last. */
export const INSTRUMENTS_OFF = 1_000_000_000

/** Steps of the untimed warm-up run (JIT, XNNPACK operator creation, first-call paths). */
const WARMUP_STEPS = 3

/** The first step a window may start at: the last early probe below the default statsEvery (50). */
const EARLIEST_START = 32

const neverPaused = { waitWhilePaused: async () => {}, stopRequested: () => false }

/** Steps `first` … `last` of a run: the rate covers steps first+1 … last. */
export interface StepWindow {
  first: number
  last: number
}

/**
 * The timed window for `statsEvery` with at least `minSteps` timed steps, starting at a probed
 * step so no early probe falls inside. Instruments off: from a power-of-two probe p ≥ 32 to the
 * step before the next one, 2p (p − 1 ≥ minSteps timed steps, none probed). Otherwise: from the
 * last log-spaced probe below statsEvery over whole statsEvery periods, so the window holds
 * exactly one probe per statsEvery steps (e.g. 33 … 82 with the probe at 50).
 */
export function timedWindow(statsEvery: number, minSteps: number): StepWindow {
  if (statsEvery >= INSTRUMENTS_OFF) {
    let p = EARLIEST_START
    while (p - 1 < minSteps) p *= 2
    return { first: p, last: 2 * p - 1 }
  }
  let p = 1
  while (p * 2 < statsEvery) p *= 2
  return { first: p, last: p + statsEvery * Math.ceil(minSteps / statsEvery) }
}

/** Probed steps inside the window (steps first+1 … last) of a run of `total` steps. */
export function probesInWindow(window: StepWindow, statsEvery: number, total: number): number {
  let n = 0
  for (let s = window.first + 1; s <= window.last; s++) if (isProbeStep(s, statsEvery, total)) n++
  return n
}

/**
 * Watches a run's events: `clock` time at the end of step `first` (its record, or its probe
 * when it has one) and at the record of step `last`.
 */
function stepWindow(clock: Clock, window: StepWindow) {
  let start: number | null = null
  let end: number | null = null
  let cpuStart: NodeJS.CpuUsage | null = null
  let cpuSpent: NodeJS.CpuUsage | null = null
  const emit = (event: TrainEvent): void => {
    const step = event.type === 'step' || event.type === 'probe' ? event.record.step : -1
    // A step's record comes before its probe's statistics: the later of the two starts the window.
    if (step === window.first) {
      start = clock.now()
      cpuStart = process.cpuUsage()
    }
    if (event.type === 'step' && step === window.last) {
      end = clock.now()
      if (cpuStart) cpuSpent = process.cpuUsage(cpuStart)
    }
  }
  const steps = window.last - window.first
  const cpuSecondsPerSample = () =>
    cpuSpent ? (cpuSpent.user + cpuSpent.system) / 1e6 / (steps * BATCH_SIZE) : null
  return { emit, samplesPerSec: () => windowRate(start, end, steps), cpuSecondsPerSample }
}

function windowRate(start: number | null, end: number | null, steps: number): number | null {
  return start == null || end == null || end <= start
    ? null
    : (steps * BATCH_SIZE) / ((end - start) / 1000)
}

/**
 * Samples per second of `clock` time over a steady-state window of at least `minSteps` steps
 * (timedWindow) of a runTraining run of `net` on `backend`, with `threads` wasm threads (default
 * one per core), or over an explicit `window` (a short run for a slow backend: from step 0, it
 * holds the early probes). Throws if the run does not complete.
 */
export async function runTrainingSamplesPerSec(
  net: NetName,
  backend: BackendChoice,
  run: BenchRun
): Promise<number> {
  return (await runTrainingCost(net, backend, run)).samplesPerSec
}

type BenchRun = { statsEvery: number; clock: Clock; threads?: number } & (
  { minSteps: number } | { window: StepWindow }
)

/** What a window of steps cost: samples per second of `run.clock`, and CPU-seconds per sample. */
export interface TrainingCost {
  samplesPerSec: number
  /** CPU time of this whole process (every thread: the wasm pthreads too) per training sample. */
  cpuSecondsPerSample: number
}

/** runTrainingSamplesPerSec with the CPU time of the same window (process.cpuUsage). */
export async function runTrainingCost(
  net: NetName,
  backend: BackendChoice,
  run: BenchRun
): Promise<TrainingCost> {
  const { statsEvery, clock, threads } = run
  const window = 'window' in run ? run.window : timedWindow(statsEvery, run.minSteps)
  if (window.last <= window.first)
    throw new Error(
      `The runTraining bench needs at least 1 timed step, got ${window.last - window.first}.`
    )
  // The last step is always probed: it comes after the window.
  const steps = window.last + 2
  await trainSteps(net, backend, { statsEvery, steps: WARMUP_STEPS, threads }, () => {})
  const watch = stepWindow(clock, window)
  await trainSteps(net, backend, { statsEvery, steps, threads }, watch.emit, clock)
  const rate = watch.samplesPerSec()
  const cpu = watch.cpuSecondsPerSample()
  if (rate == null || cpu == null) throw new Error(`The ${net} bench run emitted no timed steps.`)
  return { samplesPerSec: rate, cpuSecondsPerSample: cpu }
}

/** One runTraining run of `steps` steps on enough synthetic data; throws unless it completes. */
export async function trainSteps(
  net: NetName,
  backend: BackendChoice,
  { statsEvery, steps, threads }: { statsEvery: number; steps: number; threads?: number },
  emit: (event: TrainEvent) => void,
  clock?: Clock
): Promise<void> {
  const config = runConfigSchema.parse({
    name: `bench-${net}`,
    model: { inputShape: INPUT_SHAPE, layers: NET_LAYERS[net] },
    training: {
      optimizer: { type: 'adam', learningRate: LEARNING_RATE },
      batchSize: BATCH_SIZE,
      epochs: 1,
      seed: 1,
      maxSteps: steps
    },
    probe: { statsEvery }
  })
  // Enough synthetic examples for `steps` batches in one epoch (80% of them are for training).
  const examplesPerClass = Math.ceil((steps * BATCH_SIZE) / 0.8 / 10) + 2
  const request = {
    runId: `bench-${net}-${statsEvery}`,
    config,
    data: { kind: 'synthetic' as const, examplesPerClass },
    backend,
    ...(threads === undefined ? {} : { threads })
  }
  const end = await runTraining(request, emit, neverPaused, clock)
  if (end.status !== 'completed' || end.samplesPerSecond == null) {
    throw new Error(
      `runTraining did not complete the ${net} bench: ${end.status} ${end.reason ?? ''}`
    )
  }
}

/**
 * Runs `steps` steps of `net` on `backend` with a probe every `statsEvery` steps and returns
 * the per-probe cost in `clock` time. Throws if the run does not complete.
 */
export async function measureProbeCost(
  net: NetName,
  backend: BackendChoice,
  run: { statsEvery: number; steps: number; clock: Clock; threads?: number }
): Promise<ProbeCost> {
  const { statsEvery, steps, clock, threads } = run
  const at: number[] = []
  const emit = (event: TrainEvent): void => {
    if (event.type === 'step') at[event.record.step] = clock.now()
  }
  await trainSteps(net, backend, { statsEvery, steps: 3, threads }, () => {})
  await trainSteps(net, backend, { statsEvery, steps, threads }, emit, clock)
  return probeCost(at, statsEvery)
}
