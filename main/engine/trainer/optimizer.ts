/**
 * The tfjs optimizer a config's `training.optimizer` describes: the fused one-kernel updates
 * where the active backend has them (wasm), tfjs's own elsewhere; same results either way.
 * Every one takes a new learning rate between steps (for `training.learningRateSchedule`).
 */
import * as tf from '@tensorflow/tfjs'
import type { OptimizerSpec } from '../../contract/config/schema'
import { FusedAdam, fusedAdamAvailable } from './fused-adam'
import { FusedMomentum, fusedMomentumAvailable } from './fused-momentum'

/** An optimizer whose learning rate can change between steps. */
export type TrainOptimizer = tf.Optimizer & { setLearningRate(learningRate: number): void }

/** tfjs's Adam with a setter for its learning rate, which it reads on every update. */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate
  }
}

/**
 * A fresh optimizer for the *active* backend; the caller disposes it (it owns slot variables
 * such as Adam's moments).
 */
export function makeOptimizer(spec: OptimizerSpec): TrainOptimizer {
  switch (spec.type) {
    case 'sgd':
      return fusedMomentumAvailable()
        ? new FusedMomentum(spec.learningRate, null)
        : new tf.SGDOptimizer(spec.learningRate)
    case 'momentum':
      return fusedMomentumAvailable()
        ? new FusedMomentum(spec.learningRate, spec.momentum)
        : new tf.MomentumOptimizer(spec.learningRate, spec.momentum)
    case 'adam':
      return fusedAdamAvailable()
        ? new FusedAdam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon)
        : new ScheduledAdam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon)
    default: {
      const never: never = spec
      throw new Error(`Unknown optimizer ${JSON.stringify(never)}`)
    }
  }
}
