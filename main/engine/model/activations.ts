/**
 * Activation functions as data: a record `{ name, apply, fused }` per variant, so the forward
 * pass has no branches on the activation. `apply` maps a tensor elementwise and is
 * differentiable; `fused` names the tfjs fused-op activation that computes the same thing inside
 * the matrix product or convolution, for the variants whose fused gradient tfjs implements
 * (linear, relu) — one kernel instead of two on every training step.
 *
 * GELU and SiLU are composed from ops that have wasm kernels and registered gradients (Erf,
 * Sigmoid, Mul, Add), so autodiff works on every backend: GELU is the exact form
 * x·Φ(x) = x·(1 + erf(x/√2))/2 (PyTorch's nn.GELU default, tfjs-layers' 'gelu'), SiLU is
 * x·sigmoid(x) (PyTorch's nn.SiLU, tfjs-layers' 'swish'). ELU is tfjs' own op (Elu, EluGrad).
 */
import * as tf from '@tensorflow/tfjs'
import type { ActivationName } from '../../contract/config/schema'

export interface Activation {
  readonly name: ActivationName
  /** Elementwise; any shape in, the same shape out. Does not mutate `x`. */
  apply(x: tf.Tensor): tf.Tensor
  readonly fused: 'linear' | 'relu' | null
}

const FUSED: { [N in ActivationName]: Activation['fused'] } = {
  sigmoid: null,
  tanh: null,
  relu: 'relu',
  'leaky-relu': null,
  elu: null,
  gelu: null,
  silu: null,
  linear: 'linear'
}

const BUILDERS: { [N in ActivationName]: (leakySlope: number) => (x: tf.Tensor) => tf.Tensor } = {
  sigmoid: () => (x) => tf.sigmoid(x),
  tanh: () => (x) => tf.tanh(x),
  relu: () => (x) => tf.relu(x),
  'leaky-relu': (slope) => (x) => tf.leakyRelu(x, slope),
  elu: () => (x) => tf.elu(x),
  gelu: () => (x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)),
  silu: () => (x) => tf.mul(x, tf.sigmoid(x)),
  linear: () => (x) => x
}

/** The activation called `name`; `leakySlope` is used only by leaky ReLU. Pure. */
export function activationOf(name: ActivationName, leakySlope: number): Activation {
  return { name, apply: BUILDERS[name](leakySlope), fused: FUSED[name] }
}
