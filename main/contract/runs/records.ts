/**
 * The records a run produces, as plain numbers and arrays: what the engine emits, what the run
 * directory stores one JSON line at a time, what the UI draws and what reports read.
 * Pure types. Non-finite numbers are legal in every field; run-files.ts says how they are stored.
 */

/** A fixed-range histogram: `counts[i]` covers [lo + i*w, lo + (i+1)*w), w = (hi - lo) / bins. */
export interface Histogram {
  lo: number
  hi: number
  counts: number[]
  /** Finite values below lo, and at or above hi. */
  underflow: number
  overflow: number
}

/** Summary of every value of one tensor on the probe batch. NaN/±Inf are counted, not mixed in. */
export interface TensorStats {
  mean: number
  variance: number
  /** Mean of squares, E[x²] (what the next layer's variance prediction needs). */
  meanSquare: number
  min: number
  max: number
  /** Count of NaN and ±Infinity values (excluded from every other field). */
  nonFinite: number
  count: number
  histogram: Histogram
}

/**
 * Unit states, the same codes everywhere (engine, store, charts, 3D, reports). `inactive` (4):
 * a smooth unit (GELU, SiLU, ELU, …) whose input stays deep in its flat negative region for
 * every example: not dead (its output and gradient are not exactly 0), but nearly silent.
 * A probe records `dead` for a ReLU unit silent on every probe example; the views and reports
 * show such a unit as `inactiveOnProbe` (5) unless the census on the training split confirms it
 * dead (dead-census.ts shownProbes). Code 5 is never recorded in a run.
 */
export const UNIT_STATE = {
  alive: 0,
  dead: 1,
  saturated: 2,
  stuckNegative: 3,
  inactive: 4,
  inactiveOnProbe: 5
} as const
export type UnitState = (typeof UNIT_STATE)[keyof typeof UNIT_STATE]

/** Per-unit data (a dense unit or a conv channel) behind the landscapes and dead-neuron maps. */
export interface UnitStats {
  /** Mean post-activation over probe examples (and positions, for conv channels). */
  meanActivation: number[]
  /** Fraction of probe examples in which the unit is active (post-activation ≠ 0; for
   *  sigmoid/tanh, outside the flat tails; for leaky ReLU, input > 0). */
  activeFraction: number[]
  /** UNIT_STATE code of each unit. */
  state: UnitState[]
}

export interface WeightStats {
  mean: number
  variance: number
  /** L2 norm of the kernel. */
  norm: number
  /** Root-mean-square deviation of each unit's incoming weight vector from the mean vector
   *  across units: exactly 0 when all units of the layer are identical (zero-init symmetry). */
  spread: number
}

/** A layer's bias vector at one probe. */
export interface BiasStats {
  mean: number
  /** Standard deviation across units. */
  std: number
  min: number
  max: number
}

export interface BatchNormStats {
  /** Per unit: this probe's training-batch mean and variance of the pre-normalization input. */
  batchMean: number[]
  batchVar: number[]
  /** Per unit: the exponential moving averages used at test time. */
  movingMean: number[]
  movingVar: number[]
}

/** Everything measured for one weighted layer at one probe. */
export interface LayerProbe {
  /** Index into the run's `layers` (weighted layers only, in order; the output layer is last). */
  layer: number
  /** h = W x + b, before batch norm. */
  pre: TensorStats
  /** After batch norm (only for layers with batch norm). */
  preNorm: TensorStats | null
  /** After the activation (before dropout). */
  post: TensorStats
  units: UnitStats
  deadFraction: number
  saturatedFraction: number
  /** Leaky-ReLU units whose input is negative for every probe example (alive, but stuck). */
  stuckNegativeFraction: number
  /** Smooth units (GELU, SiLU, ELU, …) in UNIT_STATE.inactive; absent where not recorded. */
  inactiveFraction?: number
  /** The lecture's prediction of Var(pre): fanIn · Var(w) · E[x²], x = previous layer's output. */
  predictedPreVar: number
  weights: WeightStats
  /** L2 norm of dLoss/dW on the training batch of this step. */
  gradNorm: number
  /** ‖ΔW‖ / ‖W‖ of this step's update. */
  updateRatio: number
  /** The layer's bias vector (mean, spread across units, min, max); null for a layer with no
   *  bias (batch norm's beta takes its place) and in runs recorded before biases were. */
  bias?: BiasStats | null
  batchNorm: BatchNormStats | null
  /** Fraction of units kept by dropout on the training batch (null without dropout). */
  dropoutKept: number | null
  /** What these statistics rest on; absent in runs recorded before it was written. */
  sample?: ProbeSample
}

/** A layer's probe statistics rest on `examples` probe examples × `positions` positions each
 *  (1 for a dense layer; a conv layer's rows are capped, so it may use fewer examples). */
export interface ProbeSample {
  examples: number
  positions: number
}

export interface ProbeRecord {
  step: number
  epoch: number
  layers: LayerProbe[]
  /** The dead-unit census at this probe's weights: taken at step 0 only (before training), so
   *  units dead from initialization are known before the first epoch ends. Absent otherwise. */
  census?: DeadCensus
}

export interface StepRecord {
  step: number
  epoch: number
  loss: number
  acc: number
  lr: number
  /** Wall time of this optimizer step, in milliseconds. */
  ms: number
}

export interface EpochRecord {
  epoch: number
  /** Optimizer steps completed when the epoch ended. */
  step: number
  trainLoss: number
  trainAcc: number
  valLoss: number
  valAcc: number
  seconds: number
  /** Which ReLU units never fired on the training split when the epoch ended (dead-census.ts);
   *  absent in runs recorded before the census existed, and for diverged epochs. */
  census?: DeadCensus
}

/**
 * The dead-unit census: a test-mode pass over the whole training split (or its first
 * CENSUS_MAX_EXAMPLES examples) recording, for each hidden ReLU layer, the units whose output
 * is exactly 0 on every example (and every position, for conv channels). Those units are
 * *dead*: no training example sends them a gradient. A unit silent only on the probe batch is
 * merely *inactive on the probe*.
 */
export interface DeadCensus {
  /** Training examples the census ran on. */
  examples: number
  /** Training examples in the split (more than `examples` when the census was capped). */
  splitExamples: number
  /** Wall time of the census pass, in milliseconds. */
  ms: number
  /** Hidden layers whose activation can die (ReLU, leaky ReLU with slope 0), in layer order. */
  layers: CensusLayer[]
}

export interface CensusLayer {
  /** Index into the run's `layers`. */
  layer: number
  /** Units (conv: channels) that never fired on any census example, ascending. */
  dead: number[]
}

/** Static facts about one weighted layer, known before training starts. */
export interface LayerInfo {
  name: string
  kind: 'dense' | 'conv2d'
  /** An ActivationName, a PyTorch one (`gelu`, `silu`, …), or `unknown` (see activationClass). */
  activation: string
  /** The module class of an `unknown` activation (PyTorch runs). */
  activationClass?: string
  /** A layer or group norm after the layer (PyTorch runs), measured like batch norm. */
  norm?: 'layer' | 'group'
  initializer: string
  batchNorm: boolean
  dropout: number
  /** Inputs per unit: n_in (dense) or kernel² · channels_in (conv). */
  fanIn: number
  /** Units (dense) or channels (conv). */
  units: number
  /** Output shape without the batch dimension. */
  outputShape: number[]
}
