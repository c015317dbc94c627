import { describe, expect, it } from 'vitest'
import { landscapeSvg } from '../../../../main/runs/export/landscape-svg'
import { probes } from './records-fixture'

describe('landscapeSvg', () => {
  it('draws one cell per unit per probe and paints dead units dark', () => {
    const svg = landscapeSvg(
      probes([0, 5, 10], 1, () => ({})),
      0,
      'dense_1'
    )!
    expect((svg.match(/<polygon /g) ?? []).length).toBe(3 * 4)
    expect((svg.match(/fill="#333"/g) ?? []).length).toBe(3)
  })

  it('keeps coordinates finite when activations are NaN', () => {
    const records = probes([0, 5], 1, () => ({}))
    records[1].layers[0].units.meanActivation = [Number.NaN, 1, Number.POSITIVE_INFINITY, 0]
    expect(landscapeSvg(records, 0, 'x')).not.toMatch(/NaN|Infinity/)
  })

  it('samples at most 48 units and 30 probes', () => {
    const many = probes(
      Array.from({ length: 100 }, (_, i) => i),
      1,
      () => ({})
    )
    for (const p of many) {
      p.layers[0].units = {
        meanActivation: Array(500).fill(0.5),
        activeFraction: Array(500).fill(1),
        state: Array(500).fill(0)
      }
    }
    const svg = landscapeSvg(many, 0, 'wide')!
    expect((svg.match(/<polygon /g) ?? []).length).toBe(48 * 30)
    expect(svg).toContain('48 of 500')
  })

  it('returns null for a layer no probe measured', () => {
    expect(landscapeSvg([], 0, 'none')).toBeNull()
  })
})
