/**
 * The app's real training speed: the bench nets run through the engine's runTraining (data
 * batching, accuracy, events, and probes every `statsEvery` steps) on synthetic 28×28×1 data.
 * Comparing statsEvery 25 (the default) with statsEvery "never" gives the instruments' cost.
 */
import { runConfigSchema } from '../main/config/schema'
import type { BackendChoice, TrainEvent } from '../main/engine/protocol'
import { runTraining } from '../main/engine/trainer/run-training'
import type { Clock } from './plain-loop'
import { BATCH_SIZE, INPUT_SHAPE, LEARNING_RATE, NET_LAYERS, type NetName } from './nets'

/** A statsEvery larger than any bench run: probes only at step 0 and at the end. */
export const INSTRUMENTS_OFF = 1_000_000_000

const neverPaused = { waitWhilePaused: async () => {}, stopRequested: () => false }

/**
 * Samples per second that runTraining reports (busy step time by `clock`, evaluation excluded)
 * for `steps` optimizer steps of `net` on `backend`. Throws if the run does not complete.
 */
export async function runTrainingSamplesPerSec(
  net: NetName,
  backend: BackendChoice,
  run: { statsEvery: number; steps: number; clock: Clock }
): Promise<number> {
  const { statsEvery, steps, clock } = run
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
    backend
  }
  const ignore = (_event: TrainEvent): void => {}
  const end = await runTraining(request, ignore, neverPaused, clock)
  if (end.status !== 'completed' || end.samplesPerSecond == null) {
    throw new Error(
      `runTraining did not complete the ${net} bench: ${end.status} ${end.reason ?? ''}`
    )
  }
  return end.samplesPerSecond
}
