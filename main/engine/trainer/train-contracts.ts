/**
 * What a host hands the trainer besides the request: how it pauses and stops the loop, the
 * clock it times steps with, and optional observers. Types only, so hosts, the loop and tests
 * share them without importing the trainer itself.
 */

/** How a host pauses and stops the loop; checked between optimizer steps. */
export interface TrainControl {
  waitWhilePaused(): Promise<void>
  stopRequested(): boolean
  /** When present and true, the loop emits `state: paused` before waiting (and `running` after). */
  readonly paused?: boolean
}

/** Time source for step and epoch durations, in milliseconds. */
export interface Clock {
  now(): number
}

/** Optional observers for tests and tools; they must not throw. */
export interface TrainingHooks {
  /** Called after each epoch record is emitted (0-based epoch), e.g. to watch tf.memory(). */
  onEpochEnd?(epoch: number): void
  /** Called after each step record is emitted (0-based step), e.g. to break the GPU device. */
  onStepEnd?(step: number): void
}
