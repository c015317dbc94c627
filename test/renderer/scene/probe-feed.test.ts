import { describe, expect, it } from 'vitest'
import { UNIT_STATE, type UnitState } from '../../../main/contract/runs/records'
import {
  createProbeFeed,
  syncFeed,
  TIME_ROWS,
  UNIT_BUDGET
} from '../../../renderer/src/scene/probe-feed'
import { layerProbe, probe } from '../lib/fixtures'

const states = (n: number, dead: number): UnitState[] =>
  Array.from({ length: n }, (_, i) => (i < dead ? UNIT_STATE.dead : UNIT_STATE.alive))

describe('probe feed', () => {
  it('pushes only probes it has not seen, one row each', () => {
    const feed = createProbeFeed(0, 4, 5)
    const probes = [
      probe(0, [layerProbe(0, states(4, 0))]),
      probe(10, [layerProbe(0, states(4, 1))])
    ]
    expect(syncFeed(feed, probes)).toBe(2)
    expect(syncFeed(feed, probes)).toBe(0)
    probes.push(probe(20, [layerProbe(0, states(4, 2))]))
    expect(syncFeed(feed, probes)).toBe(1)
    expect(feed.landscape.count).toBe(3)
    expect(feed.ridge.count).toBe(3)
    expect(Array.from(feed.landscape.states.slice(8, 12))).toEqual([1, 1, 0, 0])
  })

  it('samples a 1,000-unit layer down to the unit budget and says so', () => {
    const feed = createProbeFeed(0, 1000, 5)
    expect(feed.landscape.units).toBe(UNIT_BUDGET)
    expect(feed.sample.note).toContain(`${UNIT_BUDGET} of 1000 units`)
    syncFeed(feed, [probe(0, [layerProbe(0, states(1000, 1000))])])
    expect(
      Array.from(feed.landscape.states.slice(0, UNIT_BUDGET)).every((s) => s === UNIT_STATE.dead)
    ).toBe(true)
  })

  it('keeps only the newest rows when more probes arrive than the time axis holds', () => {
    const feed = createProbeFeed(0, 2, 5)
    const probes = Array.from({ length: TIME_ROWS + 30 }, (_, i) =>
      probe(i, [layerProbe(0, states(2, 0))])
    )
    expect(syncFeed(feed, probes)).toBe(TIME_ROWS)
    expect(feed.lastStep).toBe(TIME_ROWS + 29)
  })
})
