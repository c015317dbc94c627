/**
 * The raw engine speed: a minimal tfjs training loop (bench/nets.ts) on one backend, with no
 * instruments, data pipeline or events. Measures samples per second of full optimizer steps.
 */
import * as tf from '@tensorflow/tfjs'
import { BATCH_SIZE, buildPlainModel, plainTrainer, randomBatch, type NetName } from './nets'

/** Milliseconds of some clock. */
export interface Clock {
  now(): number
}

/** CPU time this process has used (all threads), in ms: immune to other processes' load. */
export const cpuClock: Clock = {
  now: () => {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1000
  }
}

export const wallClock: Clock = { now: () => performance.now() }

export interface TimingBudget {
  /** Steps run before timing starts (XNNPACK operator creation, first-call compilation). */
  warmupSteps: number
  /** Keep stepping until both this many steps and `seconds` have passed. */
  minSteps: number
  seconds: number
}

/**
 * Samples per second of `clock` time of `net` trained on the *active* backend under `budget`
 * (which is wall time). Creates and disposes its own model, batch and optimizer state.
 */
export function plainSamplesPerSec(net: NetName, budget: TimingBudget, clock: Clock): number {
  const model = buildPlainModel(net)
  const { x, y } = randomBatch(1)
  const trainer = plainTrainer(model, x, y)
  try {
    for (let i = 0; i < budget.warmupSteps; i++) trainer.step()
    let steps = 0
    const [start, clockStart] = [performance.now(), clock.now()]
    while (steps < budget.minSteps || performance.now() - start < budget.seconds * 1000) {
      trainer.step()
      steps++
    }
    return (steps * BATCH_SIZE) / ((clock.now() - clockStart) / 1000)
  } finally {
    trainer.dispose()
    model.dispose()
    tf.dispose([x, y])
  }
}
