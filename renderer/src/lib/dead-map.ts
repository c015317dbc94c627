/**
 * The dead-neuron map's model: each layer as a grid of cells (one per unit, or per group of
 * units past the screen budget), the unit behind a clicked cell, and one unit's history.
 * Pure.
 */
import { UNIT_STATE, type ProbeRecord } from '../../../main/runs/records'
import type { Series } from './layer-series'
import { SERIES_COLORS } from './state-colors'
import { groupStates, type StateGroups } from './unit-sampling'

/** Cells drawn per layer at most (32 × 32); a 1,000-unit layer becomes 500 cells of 2 units. */
export const CELL_BUDGET = 1024

export interface LayerGrid {
  layer: number
  groups: StateGroups
  cols: number
  rows: number
  /** Fraction of the layer's units that are dead at this probe. */
  deadFraction: number
}

/** Grid of one layer at one probe, about twice as wide as tall. */
export function layerGrid(
  probe: ProbeRecord,
  layer: number,
  budget = CELL_BUDGET
): LayerGrid | null {
  const l = probe.layers[layer]
  if (!l) return null
  const groups = groupStates(l.units.state, budget)
  const cols = Math.max(1, Math.min(groups.groups, Math.ceil(Math.sqrt(groups.groups * 2))))
  return {
    layer,
    groups,
    cols,
    rows: Math.ceil(groups.groups / cols),
    deadFraction: l.deadFraction
  }
}

/** The first unit of the cell at (col, row), preferring a dead unit of that cell; null outside. */
export function unitAtCell(
  grid: LayerGrid,
  probe: ProbeRecord,
  col: number,
  row: number
): number | null {
  if (col < 0 || row < 0 || col >= grid.cols) return null
  const cell = row * grid.cols + col
  if (cell >= grid.groups.groups) return null
  const from = cell * grid.groups.groupSize
  const states = probe.layers[grid.layer]?.units.state ?? []
  const to = Math.min(states.length, from + grid.groups.groupSize)
  for (let u = from; u < to; u++) if (states[u] === UNIT_STATE.dead) return u
  return from < to ? from : null
}

/** One unit's mean activation and active fraction over the run's probes. */
export function unitHistory(probes: readonly ProbeRecord[], layer: number, unit: number): Series[] {
  const x: number[] = []
  const mean: number[] = []
  const active: number[] = []
  for (const p of probes) {
    const u = p.layers[layer]?.units
    if (!u || unit >= u.meanActivation.length) continue
    x.push(p.step)
    mean.push(u.meanActivation[unit])
    active.push(u.activeFraction[unit])
  }
  return [
    { label: 'mean activation', color: SERIES_COLORS.measured, x, y: mean },
    { label: 'active fraction', color: SERIES_COLORS.kept, x, y: active }
  ]
}

/** States of one unit at every probe (for the history strip). */
export function unitStates(
  probes: readonly ProbeRecord[],
  layer: number,
  unit: number
): { step: number; state: number }[] {
  return probes.flatMap((p) => {
    const s = p.layers[layer]?.units.state[unit]
    return s === undefined ? [] : [{ step: p.step, state: s }]
  })
}
