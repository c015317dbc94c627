/**
 * What a run has done so far, as seen in its events, so that a run cut short (a crash, a
 * refused request) still ends with a RunEnd that says how far it got.
 */
import type { EpochRecord } from '../../contract/runs/records'
import type { RunEnd, TrainEvent } from '../../contract/trainer-protocol'

export interface RunProgress {
  /** Notes one event. Keeps only counters and the last epoch record. */
  see(event: TrainEvent): void
  /** A `failed` end with `reason`, carrying the steps, epochs and metrics seen so far. */
  failedEnd(reason: string): RunEnd
}

export function trackProgress(): RunProgress {
  let steps = 0
  let lastEpoch: EpochRecord | null = null
  return {
    see(event) {
      if (event.type === 'step') steps = Math.max(steps, event.record.step + 1)
      if (event.type === 'epoch') {
        lastEpoch = event.record
        steps = Math.max(steps, event.record.step)
      }
    },
    failedEnd(reason) {
      return {
        status: 'failed',
        reason,
        steps,
        epochs: lastEpoch ? lastEpoch.epoch + 1 : 0,
        samplesPerSecond: null,
        final: {
          trainLoss: lastEpoch?.trainLoss ?? null,
          trainAcc: lastEpoch?.trainAcc ?? null,
          valLoss: lastEpoch?.valLoss ?? null,
          valAcc: lastEpoch?.valAcc ?? null
        },
        divergedAt: null,
        divergedLayer: null
      }
    }
  }
}
