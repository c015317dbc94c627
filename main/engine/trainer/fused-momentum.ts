/**
 * SGD and momentum as one kernel call per variable (main/engine/backends/wasm-kernels/
 * momentum-update.ts) instead of tfjs's two or four ops. Same state (one accumulation per
 * variable for momentum, starting at 0) and the same float32 results as `tf.train.sgd` and
 * `tf.train.momentum` (without Nesterov); only usable where the kernels are registered (see
 * `fusedMomentumAvailable`).
 */
import * as tf from '@tensorflow/tfjs'
import {
  MOMENTUM_UPDATE,
  momentumRunsSimd,
  SGD_UPDATE
} from '../backends/wasm-kernels/momentum-update'
import { registeredVariable, runEngineKernel } from '../backends/tfjs-internals'

/** Whether the active backend has the fused SGD and momentum kernels (only 'wasm') in SIMD. */
export function fusedMomentumAvailable(): boolean {
  const name = tf.getBackend()
  const registered = [SGD_UPDATE, MOMENTUM_UPDATE].every((k) => tf.getKernel(k, name) != null)
  return registered && momentumRunsSimd(tf.backend())
}

export class FusedMomentum extends tf.Optimizer {
  static get className(): string {
    return 'Momentum'
  }

  private readonly accumulations = new Map<string, tf.Variable>()

  /** `momentum` null: plain SGD, no accumulation. */
  constructor(
    private learningRate: number,
    private readonly momentum: number | null
  ) {
    super()
  }

  /** Updates every variable named in `variableGradients` (and its accumulation). Mutates them. */
  applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients)
    for (const [name, gradient] of pairs) {
      if (gradient == null) continue
      const variable = registeredVariable(name)
      if (variable == null) throw new Error(`SGD got a gradient for unknown variable '${name}'.`)
      if (this.momentum == null) this.sgd(variable, gradient)
      else this.withMomentum(variable, gradient, this.momentum)
    }
    this.incrementIterations()
  }

  private sgd(variable: tf.Variable, gradient: tf.Tensor): void {
    const attrs = { learningRate: this.learningRate }
    const x = runEngineKernel(SGD_UPDATE, { x: variable, gradient }, attrs) as tf.Tensor
    variable.assign(x)
    x.dispose()
  }

  private withMomentum(variable: tf.Variable, gradient: tf.Tensor, momentum: number): void {
    const accumulation = this.accumulationOf(variable)
    const inputs = { x: variable, accumulation, gradient }
    const attrs = { learningRate: this.learningRate, momentum }
    const [x, a] = runEngineKernel(MOMENTUM_UPDATE, inputs, attrs) as [tf.Tensor, tf.Tensor]
    variable.assign(x)
    accumulation.assign(a)
    tf.dispose([x, a])
  }

  private accumulationOf(variable: tf.Variable): tf.Variable {
    let accumulation = this.accumulations.get(variable.name)
    if (accumulation == null) {
      accumulation = tf.tidy(() => tf.variable(tf.zerosLike(variable), false))
      this.accumulations.set(variable.name, accumulation)
    }
    return accumulation
  }

  /** The rate the next updates use (a learning-rate schedule changes it between steps). */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate
  }

  override dispose(): void {
    tf.dispose([...this.accumulations.values()])
    this.accumulations.clear()
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum }
  }
}
