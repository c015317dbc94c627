import { describe, expect, it } from 'vitest'
import { overSteps, overStepsPerLayer } from '../../../renderer/src/lib/layer-series'
import { layerColor } from '../../../renderer/src/lib/state-colors'
import { layerProbe, probe } from './fixtures'

const probes = [
  probe(10, [layerProbe(0, [0, 0, 1, 1]), layerProbe(1, [0, 0, 0, 1])]),
  probe(20, [layerProbe(0, [1, 1, 1, 1]), layerProbe(1, [0, 0, 0, 0])])
]

describe('overSteps', () => {
  it('lists one layer quantity against the probe steps', () => {
    const s = overSteps(probes, 1, (l) => l.deadFraction, 'dead', '#fff')
    expect(s).toEqual({ label: 'dead', color: '#fff', x: [10, 20], y: [0.25, 0] })
  })

  it('skips probes where the quantity is missing', () => {
    const s = overSteps(probes, 0, (l) => (l.deadFraction > 0.6 ? l.deadFraction : null), 'd', '')
    expect(s.x).toEqual([20])
  })
})

describe('overStepsPerLayer', () => {
  it('gives every layer its numbered label and its colour along the depth palette', () => {
    const series = overStepsPerLayer(
      probes,
      [{ name: 'dense_1' }, { name: 'dense_2' }],
      (l) => l.deadFraction
    )
    expect(series.map((s) => s.label)).toEqual(['1 dense_1', '2 dense_2'])
    expect(series.map((s) => s.color)).toEqual([layerColor(0, 2), layerColor(1, 2)])
    expect(series.map((s) => s.y)).toEqual([
      [0.5, 1],
      [0.25, 0]
    ])
  })
})
