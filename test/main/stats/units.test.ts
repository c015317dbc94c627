import { describe, expect, it } from 'vitest'
import { UNIT_STATE } from '../../../main/contract/runs/records'
import { ACTIVATION_FUNCTIONS } from '../../../main/contract/stats/gaussian-moments'
import {
  INACTIVE_PRE,
  SIGMOID_HIGH,
  SIGMOID_LOW,
  TANH_LIMIT
} from '../../../main/stats/unit-state-rules'
import { unitStats } from '../../../main/stats/units'

/** Row-major [rows × units] Float32Array from rows written out by hand. */
const grid = (rows: number[][]): Float32Array => Float32Array.from(rows.flat())
const relu = (a: Float32Array): Float32Array => a.map((x) => Math.max(0, x))
const leaky = (a: Float32Array, slope: number): Float32Array =>
  a.map((x) => (x > 0 ? x : slope * x))

/** Float32 neighbours: the next float32 below and above x. */
function float32Neighbours(x: number): [number, number] {
  const f = new Float32Array([x])
  const bits = new Int32Array(f.buffer)
  bits[0]! -= 1
  const below = f[0]!
  bits[0]! += 2
  return [below, f[0]!]
}

describe('unitStats with ReLU', () => {
  const pre = grid([
    [1, -1, -2],
    [2, -3, 0.5],
    [-1, -0.5, 1],
    [3, -2, -1]
  ])
  const s = unitStats(pre, relu(pre), 3, 'relu', 0)

  it('marks the one unit that is 0 on every row as dead: deadFraction 1/units', () => {
    expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.dead, UNIT_STATE.alive])
    expect(s.deadFraction).toBeCloseTo(1 / 3, 15)
    expect(s.saturatedFraction).toBe(0)
    expect(s.stuckNegativeFraction).toBe(0)
  })

  it('reports mean post-activation and the fraction of rows with output > 0', () => {
    expect(s.units.meanActivation).toEqual([6 / 4, 0, 1.5 / 4])
    expect(s.units.activeFraction).toEqual([3 / 4, 0, 2 / 4])
  })

  it('treats a conv output [examples·H·W × channels] with channels as units', () => {
    // 2 examples × 2×2 positions × 2 channels; channel 1 is zero at every position.
    const post = Float32Array.from({ length: 16 }, (_, i) => (i % 2 === 1 ? 0 : i + 1))
    const c = unitStats(post, post, 2, 'relu', 0)
    expect(c.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.dead])
    expect(c.deadFraction).toBe(0.5)
  })
})

describe('unitStats with leaky ReLU', () => {
  const pre = grid([
    [1, -1],
    [-2, -3],
    [0.5, -0.25]
  ])

  it('never calls a leaky unit dead, but flags one whose input is negative on every row', () => {
    const s = unitStats(pre, leaky(pre, 0.01), 2, 'leaky-relu', 0.01)
    expect(s.deadFraction).toBe(0)
    expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.stuckNegative])
    expect(s.stuckNegativeFraction).toBe(0.5)
    expect(s.units.activeFraction).toEqual([2 / 3, 0])
  })

  it('treats slope 0 as plain ReLU, whose always-negative unit is dead', () => {
    const s = unitStats(pre, leaky(pre, 0), 2, 'leaky-relu', 0)
    expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.dead])
    expect(s.deadFraction).toBe(0.5)
    expect(s.stuckNegativeFraction).toBe(0)
  })

  it('rejects a negative or non-finite slope', () => {
    expect(() => unitStats(pre, pre, 2, 'leaky-relu', -0.1)).toThrow(/slope/)
    expect(() => unitStats(pre, pre, 2, 'leaky-relu', NaN)).toThrow(/slope/)
  })
})

describe('unitStats with sigmoid and tanh', () => {
  it('puts an output of exactly 0.03 or 0.97 outside the tails, and the next float32 past it inside', () => {
    const [belowLow] = float32Neighbours(SIGMOID_LOW)
    const [, aboveHigh] = float32Neighbours(SIGMOID_HIGH)
    // One column per probe value, one row: a unit saturates when its only row is in a tail.
    const post = Float32Array.of(SIGMOID_LOW, SIGMOID_HIGH, belowLow, aboveHigh)
    const s = unitStats(post, post, 4, 'sigmoid', 0)
    const { alive, saturated } = UNIT_STATE
    expect(s.units.state).toEqual([alive, alive, saturated, saturated])
    expect(s.units.activeFraction).toEqual([1, 1, 0, 0])
  })

  it('calls a sigmoid unit saturated only when more than half its rows are in a tail', () => {
    // unit 0: 2 of 4 rows in a tail (half: not most); unit 1: 3 of 4 (most)
    const post = grid([
      [0.01, 0.99],
      [0.99, 0.01],
      [0.5, 0.995],
      [0.6, 0.4]
    ])
    const s = unitStats(post, post, 2, 'sigmoid', 0)
    expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.saturated])
    expect(s.saturatedFraction).toBe(0.5)
    expect(s.units.activeFraction).toEqual([0.5, 0.25])
  })

  it('counts both tanh tails, |output| > 0.97', () => {
    const [, aboveLimit] = float32Neighbours(TANH_LIMIT)
    const post = Float32Array.of(-0.99, 0.99, TANH_LIMIT, -TANH_LIMIT, aboveLimit, 0)
    const s = unitStats(post, post, 6, 'tanh', 0)
    const { alive, saturated } = UNIT_STATE
    expect(s.units.state).toEqual([saturated, saturated, alive, alive, saturated, alive])
    expect(s.deadFraction).toBe(0)
  })
})

describe('unitStats edge cases', () => {
  it('never calls elu or linear units dead, even when their output is 0 on every row', () => {
    const zeros = new Float32Array(6)
    for (const activation of ['elu', 'linear'] as const) {
      const s = unitStats(zeros, zeros, 2, activation, 0)
      expect(s.deadFraction).toBe(0)
      expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.alive])
    }
  })

  it('counts elu units as active when their input is positive', () => {
    const pre = Float32Array.of(1, -1, 2, -2)
    const post = pre.map((x) => (x > 0 ? x : Math.expm1(x)))
    expect(unitStats(pre, post, 1, 'elu', 0).units.activeFraction).toEqual([0.5])
  })

  it('calls elu, gelu and silu units inactive (not dead) only when every input is deep negative', () => {
    // Unit 0: every row below −3; unit 1: one row just above −3; unit 2: mixed signs.
    // For a negative number the lower bit pattern is the one nearer 0: just above −3.
    const [above] = float32Neighbours(INACTIVE_PRE)
    expect(above).toBeGreaterThan(INACTIVE_PRE)
    const pre = grid([
      [-3.5, -4, 1],
      [-8, above, -2],
      [-3.01, -6, 0.5]
    ])
    for (const activation of ['elu', 'gelu', 'silu'] as const) {
      const post = pre.map((x) => ACTIVATION_FUNCTIONS[activation](x, 0))
      const s = unitStats(pre, post, 3, activation, 0)
      const { alive, inactive } = UNIT_STATE
      expect(s.units.state).toEqual([inactive, alive, alive])
      expect(s.deadFraction).toBe(0)
      expect(s.stuckNegativeFraction).toBe(0)
      expect(s.inactiveFraction).toBeCloseTo(1 / 3, 12)
      expect(s.units.activeFraction).toEqual([0, 0, 2 / 3])
    }
  })

  it('leaves NaN rows out of the mean, never counts them active, and a NaN row keeps a unit from dying', () => {
    const pre = grid([
      [NaN, -1],
      [2, NaN],
      [4, -1]
    ])
    const post = relu(pre)
    const s = unitStats(pre, post, 2, 'relu', 0)
    expect(s.units.meanActivation).toEqual([3, 0])
    expect(s.units.activeFraction).toEqual([2 / 3, 0])
    expect(s.units.state).toEqual([UNIT_STATE.alive, UNIT_STATE.alive])
  })

  it('gives NaN mean for a unit whose every output is non-finite', () => {
    const post = Float32Array.of(NaN, 1, Infinity, 2)
    expect(unitStats(post, post, 2, 'linear', 0).units.meanActivation).toEqual([NaN, 1.5])
  })

  it('gives NaN fractions and alive units when there are no rows', () => {
    const s = unitStats(new Float32Array(0), new Float32Array(0), 3, 'relu', 0)
    expect(s.deadFraction).toBeNaN()
    expect(s.units.state).toEqual([0, 0, 0])
    expect(s.units.activeFraction).toEqual([NaN, NaN, NaN])
  })

  it('rejects pre and post of different lengths, or a unit count that does not divide them', () => {
    expect(() => unitStats(new Float32Array(4), new Float32Array(6), 2, 'relu', 0)).toThrow(
      /pre-activation has 4 values but post-activation has 6/
    )
    expect(() => unitStats(new Float32Array(6), new Float32Array(6), 4, 'relu', 0)).toThrow(
      /6 values do not split into rows of 4 units/
    )
    expect(() => unitStats(new Float32Array(6), new Float32Array(6), 0, 'relu', 0)).toThrow(
      /units must be a whole number/
    )
  })

  it('does not change its inputs', () => {
    const pre = Float32Array.of(1, -1, NaN, 2)
    const post = relu(pre)
    const [preCopy, postCopy] = [pre.slice(), post.slice()]
    unitStats(pre, post, 2, 'relu', 0)
    expect(pre).toEqual(preCopy)
    expect(post).toEqual(postCopy)
  })
})
