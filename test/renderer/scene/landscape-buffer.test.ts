import { describe, expect, it } from 'vitest'
import {
  createLandscapeBuffer,
  pushRow,
  filledHeights
} from '../../../renderer/src/scene/landscape-buffer'

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i)

describe('landscape ring buffer', () => {
  it('keeps the sampled units only, in column order', () => {
    const buf = createLandscapeBuffer(3, 10)
    const values = Array.from({ length: 1000 }, (_, i) => i)
    pushRow(buf, 0, values, new Array<number>(1000).fill(0), Int32Array.from([0, 500, 999]))
    expect(Array.from(buf.heights.slice(0, 3))).toEqual([0, 500, 999])
    expect(buf.count).toBe(1)
  })

  it('stores a NaN or infinite activation as 0 so no NaN reaches the vertex arrays', () => {
    const buf = createLandscapeBuffer(3, 2)
    pushRow(buf, 0, [Number.NaN, Number.POSITIVE_INFINITY, 1], [0, 0, 0], all(3))
    expect(Array.from(buf.heights.slice(0, 3))).toEqual([0, 0, 1])
  })

  it('gives the heights of the rows still held after the ring wraps', () => {
    const buf = createLandscapeBuffer(2, 2)
    pushRow(buf, 0, [-9, 9], [0, 0], all(2))
    expect(Array.from(filledHeights(buf))).toEqual([-9, 9])
    pushRow(buf, 1, [-1, 2], [0, 0], all(2))
    pushRow(buf, 2, [0.5, 3], [0, 0], all(2))
    expect(Array.from(filledHeights(buf)).sort((a, b) => a - b)).toEqual([-1, 0.5, 2, 3])
  })
})
