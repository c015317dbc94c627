/**
 * Per-unit activity of one layer on the probe batch: each unit's mean post-activation, the
 * fraction of rows in which it is active, and its UNIT_STATE (alive, dead, saturated,
 * stuckNegative), plus the fraction of the layer's units in each bad state. The meaning of
 * active/dead/saturated/stuck per activation lives in unit-state-rules.ts.
 *
 * Layout: `pre` and `post` are row-major [rows × units]. A row is one probe example for a
 * dense layer, or one (example, position) pair for a conv layer, whose NHWC output already
 * flattens to [examples·H·W × channels], so a channel is a unit.
 */
import type { ActivationName } from '../contract/config/schema'
import { UNIT_STATE, type UnitState, type UnitStats } from '../contract/runs/records'
import { rowsOf } from '../contract/stats/shapes'
import { SATURATED_MAJORITY, unitRule, type UnitRule, type Zone } from './unit-state-rules'

export interface LayerUnitStats {
  units: UnitStats
  /** Fraction of units that are dead / saturated / stuck negative (NaN with zero rows). */
  deadFraction: number
  saturatedFraction: number
  stuckNegativeFraction: number
  /** Smooth units (ELU, GELU, SiLU) deep in their flat negative region on every row. */
  inactiveFraction: number
}

interface UnitTallies {
  sum: Float64Array
  active: Uint32Array
  flagged: Uint32Array
}

/** 0/1 per zone slot (below, between, above, NaN), for counting without branches. */
function zoneMask(zones: readonly Zone[]): Uint8Array {
  return Uint8Array.of(
    +zones.includes('below'),
    +zones.includes('between'),
    +zones.includes('above'),
    0
  )
}

/** Per-unit counts of active and flagged rows, and the plain sum of post (NaN/Inf included). */
function tally(pre: Float32Array, post: Float32Array, units: number, rule: UnitRule): UnitTallies {
  const sum = new Float64Array(units)
  const active = new Uint32Array(units)
  const flagged = new Uint32Array(units)
  const signal = rule.signal === 'pre' ? pre : post
  const { lo, hi } = rule
  const isActive = zoneMask(rule.active)
  const isFlagged = zoneMask(rule.flagged)
  for (let row = 0; row < post.length; row += units) {
    for (let u = 0; u < units; u++) {
      sum[u]! += post[row + u]!
      const s = signal[row + u]!
      const zone = s < lo ? 0 : s > hi ? 2 : s === s ? 1 : 3
      active[u]! += isActive[zone]!
      flagged[u]! += isFlagged[zone]!
    }
  }
  return { sum, active, flagged }
}

/**
 * Mean of the finite post values of each unit. The fast sum in `tally` is finite exactly when
 * the unit's column is (moments.ts), so only a column with a NaN/Inf is summed again, skipping
 * them; NaN for a unit with no finite value.
 */
function finiteMeans(post: Float32Array, units: number, sum: Float64Array): number[] {
  const rows = post.length / units
  return Array.from(sum, (total, u) => {
    if (Number.isFinite(total)) return rows > 0 ? total / rows : NaN
    let finiteSum = 0
    let count = 0
    for (let i = u; i < post.length; i += units) {
      if (Number.isFinite(post[i])) {
        finiteSum += post[i]!
        count++
      }
    }
    return count > 0 ? finiteSum / count : NaN
  })
}

/** The state of one unit from its flagged-row count. */
function stateOf(flagged: number, rows: number, rule: UnitRule): UnitState {
  if (rows === 0 || rule.state === UNIT_STATE.alive) return UNIT_STATE.alive
  const qualifies = rule.quorum === 'every' ? flagged === rows : flagged > SATURATED_MAJORITY * rows
  return qualifies ? rule.state : UNIT_STATE.alive
}

/**
 * Per-unit activity. pre, post: row-major [rows × units], the layer's input to the activation
 * and its output (same length). meanActivation averages the finite post values of a unit
 * (NaN if none); activeFraction counts rows out of all rows. With zero rows every unit is
 * alive, its mean and active fraction are NaN, and so are the three fractions.
 * Throws when the arrays differ in length or do not split into `units` columns, or on a bad
 * leaky slope. Does not mutate its inputs.
 */
export function unitStats(
  pre: Float32Array,
  post: Float32Array,
  units: number,
  activation: ActivationName,
  leakySlope: number
): LayerUnitStats {
  if (pre.length !== post.length) {
    throw new Error(
      `unit stats: pre-activation has ${pre.length} values but post-activation has ` +
        `${post.length}; pass both tensors of the same layer and probe batch`
    )
  }
  const rows = rowsOf(post.length, units, 'unit stats')
  const rule = unitRule(activation, leakySlope)
  const t = tally(pre, post, units, rule)
  return unitStatsFromTallies(rows, rule, {
    meanActivation: finiteMeans(post, units, t.sum),
    active: t.active,
    flagged: t.flagged
  })
}

/** Per-unit counts a backend or the JS tally produced (engine/probes/backend-stats.ts). */
export interface UnitTallyCounts {
  /** Mean of the finite post values of each unit (NaN with none). */
  meanActivation: number[]
  /** Rows in which each unit is active / flagged by its rule. */
  active: ArrayLike<number>
  flagged: ArrayLike<number>
}

/**
 * LayerUnitStats from per-unit tallies over `rows` rows under `rule` (unitRule). With zero rows
 * every unit is alive and the fractions are NaN. Pure.
 */
export function unitStatsFromTallies(
  rows: number,
  rule: UnitRule,
  t: UnitTallyCounts
): LayerUnitStats {
  const units = t.meanActivation.length
  const state: UnitState[] = []
  // inactiveOnProbe is the views' word (dead-census.ts); a probe never assigns it.
  const counts = {
    [UNIT_STATE.dead]: 0,
    [UNIT_STATE.saturated]: 0,
    [UNIT_STATE.stuckNegative]: 0,
    [UNIT_STATE.inactive]: 0,
    [UNIT_STATE.inactiveOnProbe]: 0
  }
  for (let u = 0; u < units; u++) {
    const s = stateOf(t.flagged[u]!, rows, rule)
    state.push(s)
    if (s !== UNIT_STATE.alive) counts[s]++
  }
  const fraction = (n: number): number => (rows === 0 ? NaN : n / units)
  return {
    units: {
      meanActivation: t.meanActivation,
      activeFraction: Array.from(t.active, (a) => (rows === 0 ? NaN : a / rows)),
      state
    },
    deadFraction: fraction(counts[UNIT_STATE.dead]),
    saturatedFraction: fraction(counts[UNIT_STATE.saturated]),
    stuckNegativeFraction: fraction(counts[UNIT_STATE.stuckNegative]),
    inactiveFraction: fraction(counts[UNIT_STATE.inactive])
  }
}
