/**
 * The lecture's variance propagation, as numbers to draw beside what a probe measured.
 *
 * A unit's pre-activation is h = Σ_{i=1..n} x_i w_i (+ bias, 0 at init). With w independent of
 * x, zero-mean and i.i.d., Var(x_i w_i) = E[w]²Var(x) + E[x]²Var(w) + Var(x)Var(w)
 * = Var(w)·(Var(x) + E[x]²) = Var(w)·E[x²], so
 *   Var(h) = n · Var(w) · E[x²].
 * For zero-mean x this is the lecture's n·Var(w)·Var(x). We use E[x²], not Var(x), because the
 * inputs of most layers are ReLU or sigmoid outputs, whose mean is not 0: using Var(x) there
 * would under-predict (for ReLU of N(0,v) inputs, E[x²] = v/2 but Var(x) ≈ 0.34·v).
 * n·Var(w) > 1 grows the variance layer after layer (explodes), < 1 shrinks it (vanishes).
 * Limits, worth saying next to the number: it assumes zero-mean weights (a constant init has
 * Var(w) = 0, so the prediction is 0 although every unit computes the same non-zero sum), and
 * for conv layers with 'same' padding the zero border makes the effective fan-in a little
 * smaller than k·k·c_in.
 *
 * Initializer variances, the Var(w) each initializer draws with (fanIn, fanOut as Keras
 * counts them: dense n_in, n_out; conv k·k·c_in, k·k·c_out):
 *   zeros, constant: 0 (all weights equal)   random-normal: stddev²
 *   glorot-normal, glorot-uniform: 2/(fanIn + fanOut)   he-normal, he-uniform: 2/fanIn
 *   lecun-normal: 1/fanIn
 * A uniform on [-L, L] has variance L²/3, so the uniform variants (L = √(3·Var)) have the same
 * variance by construction.
 *
 * For the engine, which builds its initializers itself: tfjs' normal variance-scaling
 * initializers (glorotNormal, heNormal, leCunNormal) draw tf.truncatedNormal with
 * σ = √Var, and truncatedNormal re-draws values beyond ±2σ without rescaling, so their
 * actual variance is only TRUNCATED_NORMAL_VARIANCE_RATIO ≈ 0.774 × Var. To measure the
 * variance predicted here, draw truncatedNormal with stddev truncatedNormalStddev(Var)
 * (= √Var / 0.8796…, Keras' own correction since TF 2), or plain randomNormal with √Var;
 * and for random-normal use tf.randomNormal (not truncated), stddev as given.
 */
import type { ActivationName, InitializerSpec } from '../config/schema'
import { gaussianActivationMoments } from './gaussian-moments'
import { requirePositiveInteger } from './shapes'

/** Variance of N(0,1) truncated to [-2, 2]: 1 - 4φ(2)/(2Φ(2) - 1). */
export const TRUNCATED_NORMAL_VARIANCE_RATIO = 0.7737413035499232
/** Its square root: the standard deviation of N(0,1) truncated to [-2, 2]. */
export const TRUNCATED_NORMAL_STDDEV_RATIO = Math.sqrt(TRUNCATED_NORMAL_VARIANCE_RATIO)

/** Stddev to pass to a ±2σ truncated normal so that its draws have variance `variance`. */
export function truncatedNormalStddev(variance: number): number {
  return Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV_RATIO
}

/**
 * The lecture's prediction of a layer's pre-activation variance: fanIn · Var(w) · E[x²],
 * x the layer's input (the previous layer's output). Assumes zero-mean weights; a non-finite
 * argument gives NaN or Infinity. Throws when fanIn is not a positive integer. Pure.
 */
export function predictedPreVariance(
  fanIn: number,
  weightVar: number,
  inputMeanSquare: number
): number {
  requirePositiveInteger(fanIn, 'fanIn')
  return fanIn * weightVar * inputMeanSquare
}

/**
 * Var(w) an initializer draws with, for a layer with the given fans (see the header).
 * Throws when a fan is not a positive integer. Pure.
 */
export function initializerVariance(spec: InitializerSpec, fanIn: number, fanOut: number): number {
  requirePositiveInteger(fanIn, 'fanIn')
  requirePositiveInteger(fanOut, 'fanOut')
  switch (spec.type) {
    case 'zeros':
    case 'constant':
      return 0
    case 'random-normal':
      return spec.stddev * spec.stddev
    case 'glorot-normal':
    case 'glorot-uniform':
      return 2 / (fanIn + fanOut)
    case 'he-normal':
    case 'he-uniform':
      return 2 / fanIn
    case 'lecun-normal':
      return 1 / fanIn
    default: {
      const unknown: never = spec
      throw new Error(`no variance known for initializer ${JSON.stringify(unknown)}`)
    }
  }
}

/**
 * Activations whose gain E[f(h)²]/Var(h) is the same at every input scale (they are positively
 * homogeneous: f(c·x) = c·f(x) for c > 0): ReLU zeroes half its inputs (½), leaky ReLU keeps a²
 * of that half, linear keeps everything.
 */
const SCALE_FREE_GAIN: Partial<Record<ActivationName, (leakySlope: number) => number>> = {
  relu: () => 0.5,
  'leaky-relu': (a) => (1 + a * a) / 2,
  linear: () => 1
}

/**
 * The small-signal limit of the gain as Var(h) → 0: f'(0)² for an activation with f(0) = 0.
 * tanh and ELU are the identity near 0 (1); GELU = x·Φ(x) and SiLU = x·sigmoid(x) are x/2 there
 * (¼). Sigmoid has none: its output mean ½ does not scale with the input (NaN).
 */
const SMALL_SIGNAL_GAIN: Record<'tanh' | 'elu' | 'gelu' | 'silu' | 'sigmoid', number> = {
  tanh: 1,
  elu: 1,
  gelu: 0.25,
  silu: 0.25,
  sigmoid: NaN
}

/**
 * E[f(h)²] / Var(h) for h ~ N(0, variance): how much of its input's second moment an activation
 * passes on to the next layer. ReLU ½, leaky ReLU (1 + a²)/2 and linear 1 at every variance;
 * tanh, ELU, GELU and SiLU depend on the variance (Gaussian quadrature, gaussian-moments.ts):
 * e.g. GELU ≈ 0.25 for tiny inputs, 0.425 at Var(h) = 1, → ½ (like ReLU) for large ones; ELU
 * ≈ 0.65 at Var(h) = 1. Variance 0 gives the small-signal limit f'(0)². Sigmoid: NaN (no
 * per-layer factor; use predictedPreVarianceChain). NaN for a negative or non-finite variance.
 * Pure.
 */
export function activationVarianceGain(
  activation: ActivationName,
  variance: number,
  leakySlope = 0.01
): number {
  const scaleFree = SCALE_FREE_GAIN[activation]
  if (scaleFree) return scaleFree(leakySlope)
  if (activation === 'sigmoid' || !Number.isFinite(variance) || variance < 0) return NaN
  if (variance === 0) return SMALL_SIGNAL_GAIN[activation as keyof typeof SMALL_SIGNAL_GAIN]
  return gaussianActivationMoments(activation, variance, leakySlope).meanSquare / variance
}

/**
 * The factor by which one more layer multiplies the pre-activation variance: the activation
 * f applied to h with Var(h) = `preVariance`, then a layer with `fanIn` inputs per unit and
 * weights of variance `weightVar`: Var(h_next) = fanIn · weightVar · gain(f, Var(h)) · Var(h),
 * gain ½ for ReLU. E.g. 0.03·N(0,1) weights (Var 0.0009) with n = 256 and ReLU:
 * 256·0.0009/2 ≈ 0.115 per layer, vanishing; He (2/n) gives exactly 1. Exact for ReLU, leaky
 * ReLU and linear at any variance; for tanh, ELU, GELU and SiLU exact at the given
 * `preVariance` (default 0: the small-signal limit); NaN for sigmoid. Throws on a bad fanIn.
 * Pure.
 */
export function expectedVarianceChainFactor(
  activation: ActivationName,
  fanIn: number,
  weightVar: number,
  leakySlope = 0.01,
  preVariance = 0
): number {
  requirePositiveInteger(fanIn, 'fanIn')
  return fanIn * weightVar * activationVarianceGain(activation, preVariance, leakySlope)
}

/** One weighted layer as the variance chain sees it. */
export interface ChainLayer {
  fanIn: number
  weightVar: number
  activation: ActivationName
  leakySlope?: number
  /** Batch norm before the activation resets its input to unit variance (γ = 1, β = 0). */
  batchNorm?: boolean
}

/**
 * Predicted pre-activation variance of every layer at initialization, input to output: the
 * theory line across depth. Layer 0: fanIn · Var(w) · E[x²] of the data; layer l+1:
 * fanIn · Var(w) · E[f_l(h)²] with h ~ N(0, Var(h_l)) (pre-activations are near Gaussian, a
 * sum of many terms), computed exactly by quadrature for every activation, sigmoid included.
 * Ignores pooling between layers. Throws on a bad fanIn. Pure.
 */
export function predictedPreVarianceChain(
  layers: readonly ChainLayer[],
  inputMeanSquare: number
): number[] {
  const out: number[] = []
  let meanSquare = inputMeanSquare
  for (const layer of layers) {
    const preVar = predictedPreVariance(layer.fanIn, layer.weightVar, meanSquare)
    out.push(preVar)
    const activationInputVar = layer.batchNorm ? 1 : preVar
    meanSquare = gaussianActivationMoments(
      layer.activation,
      activationInputVar,
      layer.leakySlope
    ).meanSquare
  }
  return out
}
