import { describe, expect, it } from 'vitest'
import {
  createRidgeBuffer,
  pushHistogram,
  ridgeCellAt,
  writeRidges
} from '../../../renderer/src/scene/ridge-buffer'

const hist = (counts: number[]) => ({ lo: -2, hi: 2, counts, underflow: 0, overflow: 0 })

describe('ridge histogram buffer', () => {
  it('lays the newest histogram at the front with its tallest bin at full height', () => {
    const buf = createRidgeBuffer(4, 3)
    pushHistogram(buf, 0, hist([1, 1, 1, 1]))
    pushHistogram(buf, 25, hist([0, 4, 0, 0]))
    const fill = new Float32Array(3 * 4 * 2 * 3)
    const outline = new Float32Array(3 * 3 * 6)
    writeRidges(buf, fill, outline, { width: 4, depth: 2, height: 2 })
    // Slice 1 (step 25), bin 1: top vertex y reaches the full height; its baseline stays at 0.
    const top = ((1 * 4 + 1) * 2 + 1) * 3
    expect(fill[top + 1]).toBeCloseTo(2)
    expect(fill[top - 3 + 1]).toBe(0)
    // Slice 0 is a flat quarter in each bin → a quarter of the height.
    expect(fill[(0 * 2 + 1) * 3 + 1]).toBeCloseTo(0.5)
    expect(fill[top + 2]).toBeGreaterThan(fill[(0 * 2 + 1) * 3 + 2]!)
    expect(ridgeCellAt(buf, (1 * 4 + 1) * 2 + 1)).toEqual({
      step: 25,
      from: -1,
      to: 0,
      fraction: 1,
      below: 0,
      above: 0
    })
  })

  it('counts values outside the range in the normalisation so tails shrink the ridge', () => {
    const buf = createRidgeBuffer(2, 2)
    pushHistogram(buf, 0, { lo: -1, hi: 1, counts: [1, 1], underflow: 2, overflow: 0 })
    expect(Array.from(buf.density.slice(0, 2))).toEqual([0.25, 0.25])
    // The hover readout says what the ridge leaves out: half the values, all below.
    expect(ridgeCellAt(buf, 1)).toMatchObject({ below: 0.5, above: 0 })
  })

  it('never writes NaN into the vertex arrays when a diverged probe has NaN/Infinity counts', () => {
    const buf = createRidgeBuffer(4, 2)
    pushHistogram(buf, 0, hist([1, 2, 1, 0]))
    pushHistogram(buf, 10, {
      lo: Number.NaN,
      hi: Number.POSITIVE_INFINITY,
      counts: [Number.NaN, 2, Number.POSITIVE_INFINITY, 1],
      underflow: Number.NaN,
      overflow: 0
    })
    const fill = new Float32Array(2 * 4 * 2 * 3)
    const outline = new Float32Array(2 * 3 * 6)
    const scale = writeRidges(buf, fill, outline, { width: 4, depth: 2, height: 2 })
    expect(Number.isFinite(scale)).toBe(true)
    expect(fill.every(Number.isFinite)).toBe(true)
    expect(outline.every(Number.isFinite)).toBe(true)
    // The non-finite bins read as empty; the finite ones keep their share; the range is kept.
    expect(ridgeCellAt(buf, (1 * 4 + 0) * 2 + 1)).toEqual({
      step: 10,
      from: -2,
      to: -1,
      fraction: 0,
      below: 0,
      above: 0
    })
    expect(ridgeCellAt(buf, (1 * 4 + 1) * 2 + 1)?.fraction).toBeCloseTo(2 / 3)
  })
})
