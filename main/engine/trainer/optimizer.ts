/** The tfjs optimizer a config's `training.optimizer` describes. */
import * as tf from '@tensorflow/tfjs'
import type { OptimizerSpec } from '../../config/schema'

/** A fresh optimizer; the caller disposes it (it owns slot variables such as Adam's moments). */
export function makeOptimizer(spec: OptimizerSpec): tf.Optimizer {
  switch (spec.type) {
    case 'sgd':
      return tf.train.sgd(spec.learningRate)
    case 'momentum':
      return tf.train.momentum(spec.learningRate, spec.momentum)
    case 'adam':
      return tf.train.adam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon)
    default: {
      const never: never = spec
      throw new Error(`Unknown optimizer ${JSON.stringify(never)}`)
    }
  }
}
