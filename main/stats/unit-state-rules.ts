/**
 * What "active", "dead", "saturated" and "stuck" mean for each activation, as data: one rule
 * per activation, read by units.ts. Definitions (the lecture's, made exact):
 * - relu (and leaky-relu with slope 0, which is relu): active when post > 0; **dead** when
 *   post is exactly 0 on every row, so the unit passes no gradient to its weights.
 * - leaky-relu, slope a > 0: post = a·x ≠ 0 for x < 0, so it cannot die by that definition;
 *   active when pre > 0; **stuckNegative** when pre < 0 on every row (alive, gradient a only).
 * - sigmoid: a row is in the flat tails when post < 0.03 or post > 0.97; tanh: |post| > 0.97;
 *   active when not in a tail; **saturated** when more than half the rows are in a tail.
 * - elu, gelu, silu: active when pre > 0; never dead (their output is not 0 for x < 0, so a
 *   gradient still flows); **inactive** (UNIT_STATE.inactive, as the PyTorch probe says of
 *   smooth units) when pre < INACTIVE_PRE = −3 on every row: deep in the negative tail, where the
 *   output sits within 0.15 of its floor (ELU −1, GELU and SiLU 0) and the gradient is below
 *   0.09 of the identity's (ELU e^−3 ≈ 0.05, GELU ≈ −0.012, SiLU ≈ −0.088), so the unit hardly
 *   learns. Not saturation: none of them has an upper tail.
 * - linear: active when post ≠ 0; never dead or saturated.
 * A NaN row fails every comparison, so it is never active and never counts toward a state;
 * ±Infinity compares like any other number.
 */
import type { ActivationName } from '../contract/config/schema'
import { UNIT_STATE, type UnitState } from '../contract/runs/records'

/** Sigmoid tails: output below the low or above the high threshold. */
export const SIGMOID_LOW = 0.03
export const SIGMOID_HIGH = 0.97
/** Tanh tails: |output| above this. */
export const TANH_LIMIT = 0.97
/** ELU, GELU, SiLU: a pre-activation below this is "deep negative" (see the header). */
export const INACTIVE_PRE = -3
/** A unit is saturated when the fraction of rows in a tail is above this ("most rows"). */
export const SATURATED_MAJORITY = 0.5

/* Thresholds as float32: activations arrive as float32, and the float32 nearest 0.03 is
 * below 0.03 in float64. Comparing against the float32 threshold makes an output that prints
 * as 0.03 sit exactly on the boundary, which is not in the tail. */
const sigmoidLow = Math.fround(SIGMOID_LOW)
const sigmoidHigh = Math.fround(SIGMOID_HIGH)
const tanhLimit = Math.fround(TANH_LIMIT)

/** Where a value sits against a rule's thresholds lo ≤ hi. NaN is in no zone. */
export type Zone = 'below' | 'between' | 'above'

/**
 * How one activation classifies a row of one unit, as data rather than code (so the hot loop
 * in units.ts stays monomorphic): a row's `signal` value is below lo, between lo and hi
 * (inclusive), or above hi, and the rule lists which zones are active and which are flagged.
 */
export interface UnitRule {
  /** Which value decides: the activation's input or its output. */
  signal: 'pre' | 'post'
  lo: number
  hi: number
  active: readonly Zone[]
  flagged: readonly Zone[]
  /** The state a unit gets when its flagged rows qualify; `alive` for rules that flag nothing. */
  state: UnitState
  /** 'every': all rows must be flagged (dead, stuck); 'most': more than SATURATED_MAJORITY. */
  quorum: 'every' | 'most'
}

const relu: UnitRule = {
  signal: 'post',
  lo: 0,
  hi: 0,
  active: ['above'],
  flagged: ['between'],
  state: UNIT_STATE.dead,
  quorum: 'every'
}
const leaky: UnitRule = {
  signal: 'pre',
  lo: 0,
  hi: 0,
  active: ['above'],
  flagged: ['below'],
  state: UNIT_STATE.stuckNegative,
  quorum: 'every'
}
const tails = (lo: number, hi: number): UnitRule => ({
  signal: 'post',
  lo,
  hi,
  active: ['between'],
  flagged: ['below', 'above'],
  state: UNIT_STATE.saturated,
  quorum: 'most'
})
const sigmoid = tails(sigmoidLow, sigmoidHigh)
const tanh = tails(-tanhLimit, tanhLimit)
/** ELU, GELU and SiLU: active when pre > 0, inactive when pre < INACTIVE_PRE on every row. */
const smoothNegative: UnitRule = {
  signal: 'pre',
  lo: INACTIVE_PRE,
  hi: 0,
  active: ['above'],
  flagged: ['below'],
  state: UNIT_STATE.inactive,
  quorum: 'every'
}
const linear: UnitRule = {
  ...relu,
  active: ['below', 'above'],
  flagged: [],
  state: UNIT_STATE.alive
}

/** The rule for an activation; leaky-relu with slope 0 is plain relu. Throws on a bad slope. */
export function unitRule(activation: ActivationName, leakySlope: number): UnitRule {
  switch (activation) {
    case 'relu':
      return relu
    case 'leaky-relu':
      if (!Number.isFinite(leakySlope) || leakySlope < 0) {
        throw new Error(`leaky ReLU slope must be a finite number ≥ 0, got ${leakySlope}`)
      }
      return leakySlope === 0 ? relu : leaky
    case 'sigmoid':
      return sigmoid
    case 'tanh':
      return tanh
    case 'elu':
    case 'gelu':
    case 'silu':
      return smoothNegative
    case 'linear':
      return linear
    default: {
      const unknown: never = activation
      throw new Error(`no unit rule for activation '${String(unknown)}'`)
    }
  }
}
