import { describe, expect, it } from 'vitest'
import { histogramImage, outsideNote, stripAxes } from '../../../renderer/src/lib/histogram-image'
import { layerProbe, probe } from './fixtures'

const probes = [0, 10, 20, 30, 40].map((s) => probe(s, [layerProbe(0, [0, 0])]))
const image = histogramImage(probes, (p) => p.layers[0]!.pre.histogram, 400, [0.3, 0.5, 0.9])!

describe('histogram strip axes', () => {
  it('ticks the value axis on the 1-2-5 ladder across the fixed range, top = high', () => {
    const { y } = stripAxes(image)
    expect(y.map((t) => t.value)).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(y[0]!.top).toBe(1)
    expect(y.at(-1)!.top).toBe(0)
  })

  it('labels probe columns with their steps', () => {
    const { x } = stripAxes(image, 5)
    expect(x.map((t) => t.step)).toEqual([0, 10, 20, 30, 40])
    expect(x[0]!.left).toBeCloseTo(0.1)
  })

  it('counts the values outside the range instead of clipping them silently', () => {
    const h = { lo: -6, hi: 6, counts: [10, 20], underflow: 3, overflow: 1200 }
    expect(outsideNote(h, 1520)).toBe(
      'Outside -6…6 at step 1520: 3 values below, 1,200 above (of 1,233), not drawn.'
    )
    expect(outsideNote({ ...h, underflow: 0, overflow: 0 }, 1)).toBe('')
  })
})
