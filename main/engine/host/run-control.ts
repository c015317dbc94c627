/**
 * Pause, resume and stop as the trainer loop sees them (TrainControl): the loop awaits
 * `waitWhilePaused()` between steps and ends after the current step once a stop is requested.
 */
import type { TrainControl } from '../trainer/train-contracts'

export interface RunControl extends TrainControl {
  pause(): void
  resume(): void
  /** Requests a graceful stop; also releases a paused loop so that it can finish. */
  stop(): void
  readonly paused: boolean
}

export function createRunControl(): RunControl {
  let paused = false
  let stopping = false
  let waiters: (() => void)[] = []
  const release = () => {
    for (const wake of waiters) wake()
    waiters = []
  }
  return {
    get paused() {
      return paused && !stopping
    },
    pause() {
      paused = true
    },
    resume() {
      paused = false
      release()
    },
    stop() {
      stopping = true
      release()
    },
    stopRequested: () => stopping,
    waitWhilePaused() {
      if (!paused || stopping) return Promise.resolve()
      return new Promise<void>((wake) => waiters.push(wake))
    }
  }
}
