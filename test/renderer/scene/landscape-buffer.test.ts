import { describe, expect, it } from 'vitest'
import { UNIT_STATE } from '../../../main/runs/records'
import {
  cellAt,
  createLandscapeBuffer,
  filledIndexCount,
  gridPositions,
  pushRow,
  writeNormals,
  writeSurface
} from '../../../renderer/src/scene/landscape-buffer'
import { STATE_STYLES } from '../../../renderer/src/lib/state-colors'

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i)

describe('landscape ring buffer', () => {
  it('writes rows oldest-first into the same vertex arrays after the ring wraps', () => {
    const buf = createLandscapeBuffer(3, 4)
    const positions = gridPositions(3, 4, 8, 6)
    const colors = new Float32Array(positions.length)
    const sameArray = positions
    for (let step = 0; step < 6; step++)
      pushRow(buf, step * 10, [step, step, step], [0, 0, 0], all(3))
    expect(buf.count).toBe(4)
    const scale = writeSurface(buf, positions, colors, { width: 8, depth: 6, height: 2 })
    expect(positions).toBe(sameArray)
    // Steps 0 and 10 were overwritten; row 0 is now step 20 (value 2), row 3 is step 50 (value 5).
    expect(scale).toBeCloseTo(2 / 5)
    expect(positions[1]).toBeCloseTo(2 * scale)
    expect(positions[3 * 3 * 3 + 1]).toBeCloseTo(5 * scale)
    // Four rows spread over the full depth: back row at z = -3, front row at z = +3.
    expect(positions[2]).toBeCloseTo(-3)
    expect(positions[3 * 3 * 3 + 2]).toBeCloseTo(3)
    expect(cellAt(buf, 0)?.step).toBe(20)
    expect(cellAt(buf, 3 * 3 + 2)).toMatchObject({ row: 3, column: 2, step: 50, value: 5 })
  })

  it('colours each vertex by its unit state with the shared palette', () => {
    const buf = createLandscapeBuffer(2, 2)
    pushRow(buf, 0, [1, 1], [UNIT_STATE.alive, UNIT_STATE.dead], all(2))
    pushRow(buf, 1, [1, 1], [UNIT_STATE.saturated, UNIT_STATE.stuckNegative], all(2))
    const positions = gridPositions(2, 2, 1, 1)
    const colors = new Float32Array(positions.length)
    writeSurface(buf, positions, colors, { width: 1, depth: 1, height: 1 })
    const hue = (v: number) => Array.from(colors.slice(v * 3, v * 3 + 3))
    const expected = [0, 1, 2, 3].map((s) => STATE_STYLES[s].rgb)
    for (let v = 0; v < 4; v++) {
      const [r, g, b] = hue(v)
      // Shading scales brightness; the hue ratio stays the state's.
      expect(r / (g + 1e-9)).toBeCloseTo(expected[v][0] / (expected[v][1] + 1e-9), 3)
      expect(b / (g + 1e-9)).toBeCloseTo(expected[v][2] / (expected[v][1] + 1e-9), 3)
    }
  })

  it('shows sampled units only and draws triangles just for filled rows', () => {
    const buf = createLandscapeBuffer(3, 10)
    const values = Array.from({ length: 1000 }, (_, i) => i)
    pushRow(buf, 0, values, new Array<number>(1000).fill(0), Int32Array.from([0, 500, 999]))
    expect(Array.from(buf.heights.slice(0, 3))).toEqual([0, 500, 999])
    expect(filledIndexCount(buf)).toBe(0)
    pushRow(buf, 1, values, new Array<number>(1000).fill(0), Int32Array.from([0, 500, 999]))
    expect(filledIndexCount(buf)).toBe(1 * 2 * 6)
  })

  it('draws a NaN activation at height 0 instead of tearing the surface', () => {
    const buf = createLandscapeBuffer(2, 2)
    pushRow(buf, 0, [Number.NaN, 1], [0, 0], all(2))
    expect(buf.heights[0]).toBe(0)
  })
})

describe('a landscape with few probes so far', () => {
  it('spreads the first rows over the whole depth instead of a strip at the back', () => {
    const buf = createLandscapeBuffer(2, 120)
    const positions = gridPositions(2, 120, 8, 6)
    const colors = new Float32Array(positions.length)
    pushRow(buf, 0, [1, 1], [0, 0], all(2))
    pushRow(buf, 5, [1, 1], [0, 0], all(2))
    writeSurface(buf, positions, colors, { width: 8, depth: 6, height: 2 })
    expect(positions[2]).toBeCloseTo(-3)
    expect(positions[1 * 2 * 3 + 2]).toBeCloseTo(3)
  })
})

describe('landscape normals', () => {
  it('points straight up on a flat field and tilts away from a rising slope', () => {
    const buf = createLandscapeBuffer(3, 3)
    for (let step = 0; step < 3; step++) pushRow(buf, step, [1, 1, 1], [0, 0, 0], all(3))
    const positions = gridPositions(3, 3, 2, 2)
    const normals = new Float32Array(positions.length)
    writeSurface(buf, positions, new Float32Array(positions.length), {
      width: 2,
      depth: 2,
      height: 1
    })
    writeNormals(buf, positions, normals)
    expect(Array.from(normals.slice(12, 15))).toEqual([-0, 1, -0])
    const slope = createLandscapeBuffer(3, 2)
    for (let step = 0; step < 2; step++) pushRow(slope, step, [0, 1, 2], [0, 0, 0], all(3))
    writeSurface(slope, positions, new Float32Array(positions.length), {
      width: 2,
      depth: 2,
      height: 2
    })
    writeNormals(slope, positions, normals)
    expect(normals[3]).toBeCloseTo(-Math.SQRT1_2) // height rises with x: the normal leans to -x
    expect(normals[4]).toBeCloseTo(Math.SQRT1_2)
  })

  it('draws NaN and ±Infinity unit values as 0 so no NaN reaches the vertex arrays', () => {
    const buf = createLandscapeBuffer(3, 3)
    const positions = gridPositions(3, 3, 6, 6)
    const colors = new Float32Array(positions.length)
    const normals = new Float32Array(positions.length)
    pushRow(buf, 0, [0.5, 1, 0.25], [0, 0, 0], all(3))
    pushRow(
      buf,
      10,
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      [0, 0, 0],
      all(3)
    )
    const scale = writeSurface(buf, positions, colors, { width: 6, depth: 6, height: 2 })
    writeNormals(buf, positions, normals)
    expect(scale).toBeCloseTo(2)
    for (const arr of [positions, colors, normals]) expect(arr.every(Number.isFinite)).toBe(true)
    expect(cellAt(buf, 3)).toMatchObject({ step: 10, value: 0 })
    expect(positions[3 * 3 + 1]).toBe(0)
  })
})
