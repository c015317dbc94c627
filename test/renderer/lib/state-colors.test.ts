import { describe, expect, it } from 'vitest'
import {
  RUN_COLORS,
  SERIES_COLORS,
  STATE_STYLES,
  layerColor,
  seriesClashesWithStates
} from '../../../renderer/src/lib/state-colors'

describe('series colours', () => {
  it('keep clear of the state colours (alive, dead, saturated, stuck negative)', () => {
    const colours = [
      ...Object.values(SERIES_COLORS),
      ...RUN_COLORS,
      ...Array.from({ length: 8 }, (_, i) => layerColor(i, 8))
    ]
    expect(colours.filter((c) => seriesClashesWithStates(c))).toEqual([])
  })

  it('would flag the old orange validation curve as clashing with saturated amber', () => {
    expect(seriesClashesWithStates('#f08c3a')).toBe(true)
    for (const s of STATE_STYLES) expect(seriesClashesWithStates(s.css)).toBe(true)
  })

  it('shades layers from light (first) to deep (last)', () => {
    const light = (css: string) => Number.parseInt(css.slice(1, 3), 16)
    expect(light(layerColor(0, 6))).toBeGreaterThan(light(layerColor(5, 6)))
  })
})
