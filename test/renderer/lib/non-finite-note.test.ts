import { describe, expect, it } from 'vitest'
import { nonFiniteNote } from '../../../renderer/src/lib/non-finite-note'
import { layerProbe, probe, tensorStats } from './fixtures'

const healthy = (step: number) => probe(step, [layerProbe(0, [0, 0, 0], [0.1, 0.2, 0.3])])
const diverged = (step: number) => {
  const l = layerProbe(0, [0, 0, 0], [Number.NaN, Number.POSITIVE_INFINITY, 0.3])
  return probe(step, [{ ...l, pre: { ...tensorStats(Number.NaN, [0, 0, 0]), nonFinite: 12 } }])
}

describe('non-finite note of the 3D landscape', () => {
  it('says nothing while every drawn value is finite', () => {
    const probes = [healthy(0), healthy(10)]
    expect(nonFiniteNote(probes, 0, 'cells', 120)).toBeNull()
    expect(nonFiniteNote(probes, 0, 'ridge', 120)).toBeNull()
  })

  it('names the first shown step whose values are not finite and how they are drawn', () => {
    const probes = [healthy(0), healthy(10), diverged(20), diverged(30)]
    expect(nonFiniteNote(probes, 0, 'cells', 120)).toBe(
      'Values at step 20 are not finite (the run diverged): shown as 0.'
    )
    expect(nonFiniteNote(probes, 0, 'ridge', 120)).toMatch(/^Values at step 20 are not finite/)
  })

  it('treats null (how JSON stores NaN) as not finite, and looks only at the kept window', () => {
    const stored = probe(40, [layerProbe(0, [0, 0], JSON.parse('[null, 1]') as number[])])
    expect(nonFiniteNote([healthy(0), stored], 0, 'cells', 120)).toMatch(/step 40/)
    expect(nonFiniteNote([diverged(0), healthy(10), healthy(20)], 0, 'cells', 2)).toBeNull()
    expect(nonFiniteNote([diverged(0)], 3, 'cells', 120)).toBeNull()
  })
})
