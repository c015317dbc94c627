/**
 * The tfjs optimizer a config's `training.optimizer` describes: the fused one-kernel updates
 * where the active backend has them (wasm), tfjs's own elsewhere; same results either way.
 */
import * as tf from '@tensorflow/tfjs'
import type { OptimizerSpec } from '../../contract/config/schema'
import { FusedAdam, fusedAdamAvailable } from './fused-adam'
import { FusedMomentum, fusedMomentumAvailable } from './fused-momentum'

/**
 * A fresh optimizer for the *active* backend; the caller disposes it (it owns slot variables
 * such as Adam's moments).
 */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.type) {
    case 'sgd':
      return fusedMomentumAvailable()
        ? new FusedMomentum(spec.learningRate, null)
        : tf.train.sgd(spec.learningRate)
    case 'momentum':
      return fusedMomentumAvailable()
        ? new FusedMomentum(spec.learningRate, spec.momentum)
        : tf.train.momentum(spec.learningRate, spec.momentum)
    case 'adam':
      return fusedAdamAvailable()
        ? new FusedAdam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon)
        : tf.train.adam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon)
    default: {
      const never: never = spec
      throw new Error(`Unknown optimizer ${JSON.stringify(never)}`)
    }
  }
}
