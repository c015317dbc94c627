/**
 * Fitting many units onto a screen: a layer of 1,000 units (or 20 such layers) cannot show one
 * cell or one surface column per unit, so views either sample evenly spaced units (3D surfaces,
 * where each column stays a real unit you can hover) or aggregate consecutive units into groups
 * (the dead-neuron map, where every unit must count). Both say what they did, for the caption.
 * Pure.
 */
import { UNIT_STATE } from '../../../main/contract/runs/records'

export interface UnitSample {
  /** Indices of the units shown, ascending. */
  indices: Int32Array
  total: number
  sampled: boolean
  /** Caption text, e.g. 'showing 128 of 1000 units (every 8th)'; '' when all are shown. */
  note: string
}

/** Up to `budget` evenly spaced unit indices out of `total`, first and last included. */
export function sampleUnits(total: number, budget: number): UnitSample {
  const shown = Math.max(0, Math.min(total, Math.floor(budget)))
  const indices = new Int32Array(shown)
  if (shown === total) {
    for (let i = 0; i < total; i++) indices[i] = i
    return { indices, total, sampled: false, note: '' }
  }
  for (let i = 0; i < shown; i++) {
    indices[i] = shown === 1 ? 0 : Math.round((i * (total - 1)) / (shown - 1))
  }
  const every = Math.round(total / Math.max(shown, 1))
  return {
    indices,
    total,
    sampled: true,
    note: `showing ${shown} of ${total} units (about every ${ordinal(every)}; hover reads the real unit)`
  }
}

function ordinal(n: number): string {
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th'
  return `${n}${suffix}`
}

export interface StateGroups {
  /** Units per group (1 when not aggregated); the last group may hold fewer. */
  groupSize: number
  groups: number
  /** Per group: the state drawn (dead wins when any unit of the group is dead, so none hide). */
  state: Uint8Array
  /** Per group: fraction of its units that are not alive (0..1), for shading. */
  badFraction: Float32Array
  aggregated: boolean
  note: string
}

/**
 * Aggregates per-unit state codes into at most `budget` groups of consecutive units. A group is
 * drawn in the state most of its units share, except that any dead unit marks it dead (and
 * otherwise any unit inactive on the probe, then any saturated/stuck unit, marks it so) — a
 * rare dead unit must stay visible.
 * Does not mutate `states`.
 */
export function groupStates(states: ArrayLike<number>, budget: number): StateGroups {
  const total = states.length
  const groupSize = Math.max(1, Math.ceil(total / Math.max(1, Math.floor(budget))))
  const groups = Math.ceil(total / groupSize)
  const state = new Uint8Array(groups)
  const badFraction = new Float32Array(groups)
  for (let g = 0; g < groups; g++) {
    const end = Math.min(total, (g + 1) * groupSize)
    const counts = [0, 0, 0, 0, 0]
    for (let u = g * groupSize; u < end; u++) {
      const s = states[u]!
      counts[s] = (counts[s] ?? 0) + 1
    }
    const n = end - g * groupSize
    badFraction[g] = (n - counts[UNIT_STATE.alive]!) / n
    state[g] = counts[UNIT_STATE.dead]! > 0 ? UNIT_STATE.dead : worstOther(counts)
  }
  const aggregated = groupSize > 1
  const note = aggregated
    ? `${total} units in ${groups} cells of ${groupSize} (a cell is dead if any unit in it is)`
    : ''
  return { groupSize, groups, state, badFraction, aggregated, note }
}

function worstOther(counts: number[]): number {
  if ((counts[UNIT_STATE.inactiveOnProbe] ?? 0) > 0) return UNIT_STATE.inactiveOnProbe
  if (counts[UNIT_STATE.saturated]! > 0) return UNIT_STATE.saturated
  if (counts[UNIT_STATE.stuckNegative]! > 0) return UNIT_STATE.stuckNegative
  return UNIT_STATE.alive
}

/** Evenly spaced indices of at most `budget` items out of `count` (time axes); last kept. */
export function strideIndices(count: number, budget: number): number[] {
  if (count <= budget) return Array.from({ length: count }, (_, i) => i)
  const out: number[] = []
  const step = (count - 1) / (budget - 1)
  for (let i = 0; i < budget; i++) out.push(Math.round(i * step))
  return out
}
