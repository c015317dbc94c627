import { describe, expect, it } from 'vitest'
import { landscapeSvg } from '../../../../main/runs/export/landscape-svg'
import { probes } from './records-fixture'

describe('landscapeSvg', () => {
  /** Flat tiles carry the white outline; risers do not. */
  const tiles = (svg: string) => (svg.match(/<polygon [^>]*stroke-width="0.3"/g) ?? []).length

  /** Tile fills by hue family: the app's dead red (#e5484d) and alive teal (#2bb3a0), shaded. */
  const fills = (svg: string) =>
    [...svg.matchAll(/fill="#([0-9a-f]{6})" stroke/g)].map((m) => {
      const n = Number.parseInt(m[1]!, 16)
      return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as const
    })
  /** True when `rgb` is `base` scaled by one factor (each channel within rounding). */
  const scaledFrom = (rgb: readonly number[], base: readonly number[]) => {
    const k = rgb[0]! / base[0]!
    return k > 0.3 && k <= 1 && base.every((c, i) => Math.abs(c * k - rgb[i]!) <= 1.5)
  }

  it('draws one flat tile per unit per probe, in the app’s red for dead units and teal for alive ones', () => {
    const svg = landscapeSvg(
      probes([0, 5, 10], 1, () => ({})),
      0,
      'dense_1'
    )!
    expect(tiles(svg)).toBe(3 * 4)
    const drawn = fills(svg)
    expect(drawn.filter((c) => scaledFrom(c, [0xe5, 0x48, 0x4d]))).toHaveLength(3)
    expect(drawn.filter((c) => scaledFrom(c, [0x2b, 0xb3, 0xa0]))).toHaveLength(9)
    // The key names the states with the app's words
    for (const word of ['alive', 'dead', 'saturated', 'stuck negative']) expect(svg).toContain(`>${word}</text>`)
    // Every corner of a tile lies at one height: its four y values are an isometric rhombus,
    // so opposite corners' y values sum to the same number (no interpolation between units).
    for (const m of svg.matchAll(/<polygon points="([^"]+)" fill="[^"]+" stroke=/g)) {
      const ys = m[1]!.split(' ').map((p) => Number(p.split(',')[1]))
      expect(ys[0]! + ys[2]!).toBeCloseTo(ys[1]! + ys[3]!, 0)
    }
  })

  it("labels the axes with the probes' real steps and unit indices", () => {
    const svg = landscapeSvg(
      probes([0, 1, 2, 4, 8, 16], 1, () => ({})),
      0,
      'dense_1'
    )!
    const labels = [...svg.matchAll(/<text [^>]*fill="#555">([^<]+)<\/text>/g)].map((m) => m[1])
    for (const step of ['0', '1', '2', '4', '8', '16']) expect(labels).toContain(step)
    expect(svg).toContain('training step')
    expect(svg).toContain('unit index')
  })

  it('keeps coordinates finite when activations are NaN', () => {
    const records = probes([0, 5], 1, () => ({}))
    records[1]!.layers[0]!.units.meanActivation = [Number.NaN, 1, Number.POSITIVE_INFINITY, 0]
    expect(landscapeSvg(records, 0, 'x')).not.toMatch(/NaN|Infinity/)
  })

  it('samples at most 48 units and 30 probes', () => {
    const many = probes(
      Array.from({ length: 100 }, (_, i) => i),
      1,
      () => ({})
    )
    for (const p of many) {
      p.layers[0]!.units = {
        meanActivation: Array(500).fill(0.5),
        activeFraction: Array(500).fill(1),
        state: Array(500).fill(0)
      }
    }
    const svg = landscapeSvg(many, 0, 'wide')!
    expect(tiles(svg)).toBe(48 * 30)
    expect(svg).toContain('48 of 500')
  })

  it('returns null for a layer no probe measured', () => {
    expect(landscapeSvg([], 0, 'none')).toBeNull()
  })
})
