/**
 * The dead-neuron map's model: each layer as a grid of cells (one per unit, or per group of
 * units past the screen budget) sized to the available width, the unit behind a clicked or
 * hovered cell and what its tooltip says, one unit's history, and where dead units revive.
 * Pure.
 */
import { UNIT_STATE, type ProbeRecord } from '../../../main/contract/runs/records'
import {
  censusAt,
  inactiveOnProbeFraction,
  type CensusAt
} from '../../../main/contract/runs/dead-census'
import type { Series } from './layer-series'
import { SERIES_COLORS, stateStyle } from './state-colors'
import { groupStates, type StateGroups } from './unit-sampling'

/** Cells drawn per layer at most (32 × 32); a 1,000-unit layer becomes 500 cells of 2 units. */
export const CELL_BUDGET = 1024

export interface LayerGrid {
  layer: number
  groups: StateGroups
  cols: number
  rows: number
  /** Fraction of the layer's units that are dead (confirmed on the training split). */
  deadFraction: number
  /** Fraction silent on the probe batch only (not confirmed dead). */
  inactiveFraction: number
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
    deadFraction: l.deadFraction,
    inactiveFraction: inactiveOnProbeFraction(l.units.state)
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

/**
 * One unit's mean activation and active fraction over the run's probes; the fraction (0–1) is
 * read on the right-hand axis, since the mean has its own unit and range.
 */
export function unitHistory(probes: readonly ProbeRecord[], layer: number, unit: number): Series[] {
  const x: number[] = []
  const mean: number[] = []
  const active: number[] = []
  for (const p of probes) {
    const u = p.layers[layer]?.units
    if (!u || unit >= u.meanActivation.length) continue
    x.push(p.step)
    mean.push(u.meanActivation[unit]!)
    active.push(u.activeFraction[unit] ?? Number.NaN)
  }
  return [
    { label: 'mean activation', color: SERIES_COLORS.measured, x, y: mean },
    { label: 'active fraction', color: SERIES_COLORS.active, x, y: active, right: true }
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

/** Cell edge in pixels that fits `cols` cells into `width` pixels, between 4 and 28. */
export function cellSize(width: number, cols: number): number {
  if (!(width > 0)) return 9
  return Math.max(4, Math.min(28, Math.floor(width / Math.max(1, cols))))
}

/** What a cell's tooltip says: its unit(s), state, mean activation and active fraction. */
export function cellTooltip(
  grid: LayerGrid,
  probe: ProbeRecord,
  col: number,
  row: number,
  noun = 'unit'
): string | null {
  const unit = unitAtCell(grid, probe, col, row)
  const l = probe.layers[grid.layer]?.units
  const state = unit === null ? undefined : l?.state[unit]
  if (unit === null || !l || state === undefined) return null
  const from = Math.floor(unit / grid.groups.groupSize) * grid.groups.groupSize
  const to = Math.min(l.state.length, from + grid.groups.groupSize) - 1
  const lines = [
    `${noun} ${unit} · ${stateStyle(state).label}`,
    `mean activation ${formatValue(l.meanActivation[unit] ?? Number.NaN)}`,
    `active on ${((l.activeFraction[unit] ?? Number.NaN) * 100).toFixed(0)}% of probe examples`
  ]
  if (to > from) {
    let dead = 0
    for (let u = from; u <= to; u++) if (l.state[u] === UNIT_STATE.dead) dead++
    lines.unshift(`${noun}s ${from}–${to}: ${dead} of ${to - from + 1} dead`)
  }
  return lines.join('\n')
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  return v === 0
    ? '0'
    : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3
      ? v.toExponential(2)
      : v.toPrecision(3)
}

/**
 * Where units come back: per layer, units dead at one probe (confirmed by the census on the
 * training split, as shownProbes marks them) and not dead at a later one. A unit only inactive
 * on the probe never "comes back": it was never dead.
 */
export interface Revival {
  layer: number
  /** Units counted dead at some probe that are not dead at a later probe. */
  revived: number
  /** Largest fall of the layer's dead count between two consecutive probes, and where. */
  fall: number
  fallStep: number | null
}

/**
 * Layers (of the first `layers`) in which a dead unit of the shown probes (dead-census.ts
 * shownProbes) is not dead at a later probe. Does not mutate `probes`.
 */
export function revivals(probes: readonly ProbeRecord[], layers: number): Revival[] {
  const out: Revival[] = []
  for (let layer = 0; layer < layers; layer++) {
    const everDead = new Set<number>()
    const revived = new Set<number>()
    let fall = 0
    let fallStep: number | null = null
    let prevDead: number | null = null
    for (const p of probes) {
      const states = p.layers[layer]?.units.state
      if (!states) continue
      let dead = 0
      states.forEach((s, u) => {
        if (s === UNIT_STATE.dead) {
          everDead.add(u)
          dead++
        } else if (everDead.has(u)) revived.add(u)
      })
      if (prevDead !== null && prevDead - dead > fall) [fall, fallStep] = [prevDead - dead, p.step]
      prevDead = dead
    }
    if (revived.size > 0) out.push({ layer, revived: revived.size, fall, fallStep })
  }
  return out
}

/**
 * What the map's words mean at the probe of `step`: the census behind "dead" (how many training
 * examples, at which step), or that none exists yet or at all. `probeSize`: probe examples.
 */
export function censusNote(all: readonly CensusAt[], step: number, probeSize: number): string {
  const probe = `silent on all ${probeSize} probe examples`
  if (all.length === 0)
    return (
      `This run has no check on the whole training split (recorded before it existed), so no ` +
      `unit can be called dead: units ${probe} are shown as inactive on the probe.`
    )
  const c = censusAt(all, step + 1)
  if (!c)
    return `Units ${probe} are inactive on the probe until the first check on the training split.`
  const n = c.census.examples.toLocaleString('en-US')
  const of =
    c.census.examples < c.census.splitExamples
      ? ` (the first ${n} of ${c.census.splitExamples.toLocaleString('en-US')})`
      : ''
  return (
    `Dead: output 0 on every one of the ${n} training examples${of} at the check of step ` +
    `${c.step}, so no example sends them a gradient. Inactive on the probe: ${probe} but firing ` +
    `on some training example.`
  )
}
