import { describe, expect, it } from 'vitest'
import { UNIT_STATE } from '../../../main/contract/runs/records'
import { groupStates, sampleUnits, strideIndices } from '../../../renderer/src/lib/unit-sampling'

describe('sampleUnits', () => {
  it('fits 1,000 units into a 128-column budget and says that it sampled', () => {
    const s = sampleUnits(1000, 128)
    expect(s.indices.length).toBe(128)
    expect(s.sampled).toBe(true)
    expect(s.indices[0]).toBe(0)
    expect(s.indices[127]).toBe(999)
    for (let i = 1; i < s.indices.length; i++)
      expect(s.indices[i]).toBeGreaterThan(s.indices[i - 1]!)
    expect(s.note).toContain('128 of 1000 units')
  })

  it('shows every unit with no note when the layer fits the budget', () => {
    const s = sampleUnits(64, 128)
    expect(Array.from(s.indices)).toEqual(Array.from({ length: 64 }, (_, i) => i))
    expect(s.sampled).toBe(false)
    expect(s.note).toBe('')
  })
})

describe('groupStates', () => {
  it('keeps a single dead unit visible when 1,000 units are grouped into 250 cells', () => {
    const states = new Array<number>(1000).fill(UNIT_STATE.alive)
    states[517] = UNIT_STATE.dead
    const g = groupStates(states, 250)
    expect(g.groups).toBe(250)
    expect(g.groupSize).toBe(4)
    expect(g.aggregated).toBe(true)
    expect(g.state[Math.floor(517 / 4)]).toBe(UNIT_STATE.dead)
    expect(g.badFraction[Math.floor(517 / 4)]).toBeCloseTo(0.25)
    const deadCells = Array.from(g.state).filter((s) => s === UNIT_STATE.dead).length
    expect(deadCells).toBe(1)
    expect(g.note).toContain('1000 units in 250 cells of 4')
  })

  it('marks a cell saturated when some of its units saturate and none are dead', () => {
    const g = groupStates(
      [UNIT_STATE.alive, UNIT_STATE.saturated, UNIT_STATE.stuckNegative, UNIT_STATE.alive],
      2
    )
    expect(Array.from(g.state)).toEqual([UNIT_STATE.saturated, UNIT_STATE.stuckNegative])
  })

  it('keeps one cell per unit when the layer fits', () => {
    const g = groupStates([0, 1, 2, 3], 10)
    expect(g.aggregated).toBe(false)
    expect(Array.from(g.state)).toEqual([0, 1, 2, 3])
  })
})

describe('strideIndices', () => {
  it('thins 1,000 probe times to 50 evenly spaced ones, keeping the first and last', () => {
    const idx = strideIndices(1000, 50)
    expect(idx.length).toBe(50)
    expect(idx[0]).toBe(0)
    expect(idx[49]).toBe(999)
  })
})
