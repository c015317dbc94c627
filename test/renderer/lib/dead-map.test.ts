import { describe, expect, it } from 'vitest'
import { UNIT_STATE, type UnitState } from '../../../main/contract/runs/records'
import {
  cellSize,
  cellTooltip,
  layerGrid,
  revivals,
  unitAtCell,
  unitHistory,
  unitStates
} from '../../../renderer/src/lib/dead-map'
import { layerProbe, probe } from './fixtures'

describe('dead-neuron map model', () => {
  it('lays 20 layers of 1,000 units out within the cell budget and keeps every dead unit counted', () => {
    const states: UnitState[] = Array.from({ length: 1000 }, (_, i) =>
      i % 100 === 7 ? UNIT_STATE.dead : UNIT_STATE.alive
    )
    const p = probe(
      0,
      Array.from({ length: 20 }, (_, l) => layerProbe(l, states))
    )
    for (let l = 0; l < 20; l++) {
      const grid = layerGrid(p, l, 500)
      expect(grid).not.toBeNull()
      expect(grid!.groups.groups).toBeLessThanOrEqual(500)
      expect(grid!.cols * grid!.rows).toBeGreaterThanOrEqual(grid!.groups.groups)
      expect(Array.from(grid!.groups.state).filter((s) => s === UNIT_STATE.dead).length).toBe(10)
      expect(grid!.deadFraction).toBeCloseTo(0.01)
    }
  })

  it('answers a click on an aggregated cell with its dead unit', () => {
    const states: UnitState[] = Array.from({ length: 1000 }, () => UNIT_STATE.alive)
    states[9] = UNIT_STATE.dead
    const p = probe(0, [layerProbe(0, states)])
    const grid = layerGrid(p, 0, 250)! // cells of 4 units: unit 9 is in cell 2
    const col = 2 % grid.cols
    const row = Math.floor(2 / grid.cols)
    expect(unitAtCell(grid, p, col, row)).toBe(9)
    expect(unitAtCell(grid, p, grid.cols, 0)).toBeNull()
  })

  it('traces one unit from alive to dead across probes', () => {
    const probes = [
      probe(0, [layerProbe(0, [UNIT_STATE.alive, UNIT_STATE.alive], [0.5, 0.2])]),
      probe(10, [layerProbe(0, [UNIT_STATE.alive, UNIT_STATE.dead], [0.6, 0])])
    ]
    const [mean, active] = unitHistory(probes, 0, 1)
    expect(mean!.x).toEqual([0, 10])
    expect(mean!.y).toEqual([0.2, 0])
    expect(active!.y).toEqual([1, 0])
    // A fraction (0–1) beside a mean activation of any size: read on its own, right-hand axis.
    expect([mean!.right, active!.right]).toEqual([undefined, true])
    expect(active!.color).not.toBe(mean!.color)
    expect(unitStates(probes, 0, 1).map((s) => s.state)).toEqual([
      UNIT_STATE.alive,
      UNIT_STATE.dead
    ])
  })
})

describe('dead-neuron map layout and explanations', () => {
  const { alive, dead } = UNIT_STATE

  it('sizes cells to the width available, within 4 to 28 pixels', () => {
    expect(cellSize(320, 16)).toBe(20)
    expect(cellSize(2000, 16)).toBe(28)
    expect(cellSize(100, 45)).toBe(4)
  })

  it('says in a cell tooltip which unit it is, its state, mean activation and active fraction', () => {
    const p = probe(0, [layerProbe(0, [alive, dead, alive], [0.25, 0, 1.5])])
    const grid = layerGrid(p, 0)!
    expect(cellTooltip(grid, p, 1, 0)).toBe(
      'unit 1 · dead\nmean activation 0\nactive on 0% of probe examples'
    )
    expect(cellTooltip(grid, p, 0, 0, 'channel')).toMatch(
      /^channel 0 · alive\nmean activation 0\.250/
    )
  })

  it('counts the dead units of an aggregated cell in its tooltip', () => {
    const states: UnitState[] = Array.from({ length: 1000 }, () => alive)
    states[9] = dead
    states[10] = dead
    const p = probe(0, [layerProbe(0, states)])
    const grid = layerGrid(p, 0, 250)! // cells of 4 units: units 8–11 in cell 2
    expect(cellTooltip(grid, p, 2 % grid.cols, Math.floor(2 / grid.cols))).toMatch(
      /^units 8–11: 2 of 4 dead\nunit 9 · dead/
    )
  })

  it('finds a layer whose dead units revive and where its dead count fell', () => {
    const probes = [
      probe(0, [layerProbe(0, [alive, alive, alive]), layerProbe(1, [alive, alive])]),
      probe(10, [layerProbe(0, [dead, alive, alive]), layerProbe(1, [dead, dead])]),
      probe(20, [layerProbe(0, [dead, alive, alive]), layerProbe(1, [alive, dead])])
    ]
    expect(revivals(probes, 2)).toEqual([{ layer: 1, revived: 1, fall: 1, fallStep: 20 }])
    expect(revivals(probes.slice(0, 2), 2)).toEqual([])
  })
})
