/**
 * The learning rate of every optimizer step under `training.learningRateSchedule`:
 * `constant` keeps `training.optimizer.learningRate`; `cosine` lowers it from there to 0 along a
 * half cosine over the run's planned steps (epochs × steps per epoch), so the last steps take
 * small, careful moves. A run cut short by `maxSteps` takes the first steps of the full schedule.
 * Pure: the engine sets the rate with it and the views can draw it.
 */
import { learningRateScheduleSchema, type RunConfig } from './schema'

export const LEARNING_RATE_SCHEDULES = learningRateScheduleSchema.options
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number]

/** Optimizer steps in one epoch over `trainCount` examples (the last batch is filled up). */
export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.max(1, Math.ceil(trainCount / batchSize))
}

/**
 * The rate of step `step` (0-based) of a run whose schedule spans `plannedSteps` steps. Steps
 * at or past the end of a cosine schedule get 0.
 */
export function learningRateAt(
  training: Pick<RunConfig['training'], 'optimizer' | 'learningRateSchedule'>,
  step: number,
  plannedSteps: number
): number {
  const base = training.optimizer.learningRate
  if (training.learningRateSchedule === 'constant') return base
  const progress = Math.min(1, Math.max(0, step / Math.max(1, plannedSteps)))
  return base * 0.5 * (1 + Math.cos(Math.PI * progress))
}
