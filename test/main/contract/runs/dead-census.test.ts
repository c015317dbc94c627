import { describe, expect, it } from 'vitest'
import {
  CENSUS_EPOCH_SHARE,
  CENSUS_MAX_EXAMPLES,
  CENSUS_MIN_EXAMPLES,
  FORWARD_PER_TRAINING_IMAGE,
  censusAt,
  censusExamples,
  censuses,
  inactiveOnProbeFraction,
  shownProbes,
  summaryProbes
} from '../../../../main/contract/runs/dead-census'
import { layerSummaries } from '../../../../main/contract/runs/summary'
import { UNIT_STATE, type DeadCensus } from '../../../../main/contract/runs/records'
import { layerProbe } from '../../runs/export/records-fixture'

const { alive, dead, inactiveOnProbe } = UNIT_STATE
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

describe('censuses and censusAt', () => {
  it('merges the step-0 census with the epochs’ in step order and finds the newest at a step', () => {
    const all = censuses([probe(0, [alive, alive, alive, alive], census([]))], [
      { step: 20, census: census([1]) },
      { step: 10, census: census([0]) },
      { step: 30 }
    ])
    expect(all.map((c) => c.step)).toEqual([0, 10, 20])
    expect(censusAt(all, 15)?.step).toBe(10)
    expect(censusAt(all, -1)).toBeNull()
  })
})

describe('shownProbes', () => {
  it('keeps dead only the probe-silent units the census lists; the others become inactive on the probe', () => {
    const probes = [
      probe(0, [dead, dead, alive, alive], census([1])),
      probe(9, [dead, dead, dead, alive])
    ]
    // The epoch ends after step 9's update: its census (step 10) speaks for the probe of step 9.
    const shown = shownProbes(probes, [{ step: 10, census: census([1, 2]) }])
    expect(shown[0]!.layers[0]!.units.state).toEqual([inactiveOnProbe, dead, alive, alive])
    expect(shown[0]!.layers[0]!.deadFraction).toBe(0.25)
    expect(shown[1]!.layers[0]!.units.state).toEqual([inactiveOnProbe, dead, dead, alive])
    expect(shown[1]!.layers[0]!.deadFraction).toBe(0.5)
    expect(inactiveOnProbeFraction(shown[1]!.layers[0]!.units.state)).toBe(0.25)
    expect(probes[0]!.layers[0]!.units.state[0]).toBe(dead)
  })

  it('calls nothing dead in a run without a census', () => {
    const shown = shownProbes([probe(0, [dead, dead, alive, alive])], [])
    expect(shown[0]!.layers[0]!.units.state).toEqual([inactiveOnProbe, inactiveOnProbe, alive, alive])
    expect(shown[0]!.layers[0]!.deadFraction).toBe(0)
  })
})

describe('the summary’s dead fractions', () => {
  const infos = [
    {
      name: 'dense_1',
      kind: 'dense' as const,
      activation: 'relu',
      initializer: 'he-normal',
      batchNorm: false,
      dropout: 0,
      fanIn: 9,
      units: 4,
      outputShape: [4]
    }
  ]

  it('are the census’s (dead on the training split), the probe’s silent share kept under its own name', () => {
    const probes = [
      probe(0, [dead, dead, alive, alive], census([1])),
      probe(9, [dead, dead, dead, alive])
    ]
    // The last epoch's census (step 10) follows the last probe's update: it speaks for the end.
    const [layer] = layerSummaries(
      infos,
      ...summaryProbes(probes, [
        { step: 5, census: census([]) },
        { step: 10, census: census([0, 1, 3]) }
      ])
    )
    expect(layer!.atInit).toMatchObject({ deadFraction: 1 / 4, silentOnProbeFraction: 2 / 4 })
    expect(layer!.final).toMatchObject({ deadFraction: 3 / 4, silentOnProbeFraction: 3 / 4 })
  })

  it('stay the probe’s share when no census was taken on the probe’s weights or one update later', () => {
    const probes = [probe(0, [dead, alive, alive, alive]), probe(9, [dead, dead, alive, alive])]
    const [layer] = layerSummaries(infos, ...summaryProbes(probes, [{ step: 5, census: census([0]) }]))
    expect(layer!.atInit!.deadFraction).toBe(1 / 4)
    expect(layer!.final!.deadFraction).toBe(2 / 4)
    expect(layer!.atInit!.silentOnProbeFraction).toBeUndefined()
    expect(layer!.final!.silentOnProbeFraction).toBeUndefined()
  })
})

describe('censusExamples', () => {
  it('reads 15 % of a mid-sized split: 5 % of an epoch at a third of a step per image', () => {
    expect(censusExamples(2400)).toBe(360)
    // The census's share of the epoch: examples × forward cost / (split × training cost).
    expect((360 * FORWARD_PER_TRAINING_IMAGE) / 2400).toBeCloseTo(CENSUS_EPOCH_SHARE, 12)
  })

  it('reads at least the probe batch size and at most 4,096, never more than the split', () => {
    expect(censusExamples(100)).toBe(100)
    expect(censusExamples(1000)).toBe(CENSUS_MIN_EXAMPLES)
    expect(censusExamples(27_306)).toBe(4095)
    expect(censusExamples(27_307)).toBe(4096)
    expect(censusExamples(1_000_000)).toBe(CENSUS_MAX_EXAMPLES)
  })
})
