/**
 * Adam as one kernel call per variable (main/engine/backends/wasm-kernels/adam-update.ts)
 * instead of tfjs's chain of about fourteen ops. Same state (first and second moments per
 * variable, β₁ᵗ and β₂ᵗ kept in float32 like tfjs's accumulator variables) and the same float32
 * results as `tf.train.adam`; only usable where the fused kernel is registered (see
 * `fusedAdamAvailable`).
 */
import * as tf from '@tensorflow/tfjs'
import {
  ADAM_UPDATE,
  adamRunsSimd,
  type AdamCoefficients
} from '../backends/wasm-kernels/adam-update'
import { registeredVariable, runEngineKernel } from '../backends/tfjs-internals'

/**
 * Whether the active backend has the fused Adam kernel (only 'wasm' after resolveBackend) and
 * runs it in SIMD (otherwise tfjs's own Adam is faster).
 */
export function fusedAdamAvailable(): boolean {
  return tf.getKernel(ADAM_UPDATE, tf.getBackend()) != null && adamRunsSimd(tf.backend())
}

interface Moments {
  m: tf.Variable
  v: tf.Variable
}

export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'Adam'
  }

  private readonly moments = new Map<string, Moments>()
  /** β₁ᵗ and β₂ᵗ for the coming step t, in float32 (tfjs keeps them in scalar variables). */
  private power1: number
  private power2: number

  constructor(
    private learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number
  ) {
    super()
    this.power1 = Math.fround(beta1)
    this.power2 = Math.fround(beta2)
  }

  /** Updates every variable named in `variableGradients` and its moments. Mutates them. */
  applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    const pairs = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients)
    const coefficients: AdamCoefficients = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      correction1: Math.fround(1 - this.power1),
      correction2: Math.fround(1 - this.power2)
    }
    for (const [name, gradient] of pairs) {
      if (gradient != null) this.update(name, gradient, coefficients)
    }
    this.power1 = Math.fround(this.power1 * Math.fround(this.beta1))
    this.power2 = Math.fround(this.power2 * Math.fround(this.beta2))
    this.incrementIterations()
  }

  private update(name: string, gradient: tf.Tensor, coefficients: AdamCoefficients): void {
    const variable = registeredVariable(name)
    if (variable == null) throw new Error(`Adam got a gradient for unknown variable '${name}'.`)
    const moments = this.momentsOf(variable)
    const inputs = { x: variable, m: moments.m, v: moments.v, gradient }
    const attrs = coefficients as unknown as tf.NamedAttrMap
    const [x, m, v] = runEngineKernel(ADAM_UPDATE, inputs, attrs) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor
    ]
    variable.assign(x)
    moments.m.assign(m)
    moments.v.assign(v)
    tf.dispose([x, m, v])
  }

  private momentsOf(variable: tf.Variable): Moments {
    let moments = this.moments.get(variable.name)
    if (moments == null) {
      const zeros = (): tf.Variable => tf.tidy(() => tf.variable(tf.zerosLike(variable), false))
      moments = { m: zeros(), v: zeros() }
      this.moments.set(variable.name, moments)
    }
    return moments
  }

  /** The rate the next updates use (a learning-rate schedule changes it between steps). */
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v])
    this.moments.clear()
  }

  getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon
    }
  }
}
