import { describe, expect, it } from 'vitest'
import { censuses, shownProbes } from '../../../main/contract/runs/dead-census'
import { UNIT_STATE, type DeadCensus } from '../../../main/contract/runs/records'
import { censusNote, revivals } from '../../../renderer/src/lib/dead-map'
import { layerProbe } from '../../main/runs/export/records-fixture'

const { alive, dead } = UNIT_STATE
const census = (deadUnits: number[], examples = 600, splitExamples = 600): DeadCensus => ({
  examples,
  splitExamples,
  ms: 3,
  layers: [{ layer: 0, dead: deadUnits }]
})
/** A probe of one 4-unit layer with the given recorded states. */
const probe = (step: number, state: number[], withCensus?: DeadCensus) => {
  const l = layerProbe(0, {})
  const silent = state.filter((s) => s === dead).length
  return {
    step,
    epoch: 0,
    layers: [{ ...l, units: { ...l.units, state: state as never }, deadFraction: silent / 4 }],
    ...(withCensus && { census: withCensus })
  }
}

describe('revivals on shown probes', () => {
  it('says "came back" only of units dead by the census, not of units inactive on the probe', () => {
    // Unit 0: silent on the probe at step 0, fires on training images (inactive), fires later.
    // Unit 1: dead by the census at step 0, fires on the probe at step 9.
    const probes = [
      probe(0, [dead, dead, alive, alive], census([1])),
      probe(9, [alive, alive, alive, alive])
    ]
    const back = revivals(shownProbes(probes, []), 1)
    expect(back).toEqual([{ layer: 0, revived: 1, fall: 1, fallStep: 9 }])
  })
})

describe('censusNote', () => {
  it('names the check behind "dead", a capped check, or its absence', () => {
    const all = censuses([], [{ step: 10, census: census([], 4096, 9000) }])
    expect(censusNote(all, 9, 256)).toContain(
      'every one of the 4,096 training examples (the first 4,096 of 9,000) at the check of step 10'
    )
    expect(censusNote(all, 5, 256)).toMatch(/inactive on the probe until the first check/)
    expect(censusNote([], 5, 256)).toMatch(/no check on the whole training split/)
  })
})
