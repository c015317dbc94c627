/**
 * The app's real training speed: the bench nets run through the engine's runTraining (data
 * batching, accuracy, the per-step divergence check, events, and probes every `statsEvery`
 * steps) on synthetic 28×28×1 data. Comparing the default statsEvery with statsEvery
 * "never" gives the instruments' cost.
 *
 * What is timed is training, not setup: the synthetic images are drawn when the set is made
 * (before the first step), a short warm-up run precedes the timed one, and the rate covers the
 * steady-state steps 1 … n−2 — from the end of step 0 (and its probe) to the step record of
 * step n−2 — so the warm-up step 0 and the final probe (and validation) fall outside it.
 */
import { runConfigSchema } from '../main/contract/config/schema'
import type { BackendChoice, TrainEvent } from '../main/contract/trainer-protocol'
import { runTraining } from '../main/engine/trainer/run-training'
import type { Clock } from './plain-loop'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'

/** A statsEvery larger than any bench run: probes only at step 0 and at the end. */
export const INSTRUMENTS_OFF = 1_000_000_000

/** Steps of the untimed warm-up run (JIT, XNNPACK operator creation, first-call paths). */
const WARMUP_STEPS = 3

const neverPaused = { waitWhilePaused: async () => {}, stopRequested: () => false }

/**
 * Watches a run's events: `clock` time at the end of step 0 (its record, or its probe when it
 * has one) and at the record of step `lastTimed`; the rate covers steps 1 … lastTimed.
 */
function stepWindow(clock: Clock, lastTimed: number) {
  let start: number | null = null
  let end: number | null = null
  const emit = (event: TrainEvent): void => {
    const step = event.type === 'step' || event.type === 'probe' ? event.record.step : -1
    // Step 0's record comes before its probe's statistics: the later of the two starts the window.
    if (step === 0) start = clock.now()
    if (event.type === 'step' && step === lastTimed) end = clock.now()
  }
  return { emit, samplesPerSec: () => windowRate(start, end, lastTimed) }
}

function windowRate(start: number | null, end: number | null, steps: number): number | null {
  return start == null || end == null || end <= start
    ? null
    : (steps * BATCH_SIZE) / ((end - start) / 1000)
}

/**
 * Samples per second of `clock` time over the steady-state steps of a runTraining run of
 * `steps` optimizer steps of `net` on `backend` (see the module header), with `threads` wasm
 * threads (default one per core). Throws if the run does not complete.
 */
export async function runTrainingSamplesPerSec(
  net: NetName,
  backend: BackendChoice,
  run: { statsEvery: number; steps: number; clock: Clock; threads?: number }
): Promise<number> {
  const { statsEvery, steps, clock, threads } = run
  if (steps < 3) throw new Error(`The runTraining bench needs at least 3 steps, got ${steps}.`)
  await trainSteps(net, backend, { statsEvery, steps: WARMUP_STEPS, threads }, () => {})
  const window = stepWindow(clock, steps - 2)
  await trainSteps(net, backend, { statsEvery, steps, threads }, window.emit, clock)
  const rate = window.samplesPerSec()
  if (rate == null) throw new Error(`The ${net} bench run emitted no timed steps.`)
  return rate
}

/** One runTraining run of `steps` steps on enough synthetic data; throws unless it completes. */
async function trainSteps(
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
    instruments: { statsEvery }
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
