import { describe, expect, it } from 'vitest'
import { UNIT_STATE } from '../../../main/contract/runs/records'
import { STATE_STYLES } from '../../../renderer/src/lib/state-colors'
import { heightScale } from '../../../renderer/src/scene/height-scale'
import { createLandscapeBuffer, pushRow } from '../../../renderer/src/scene/landscape-buffer'
import {
  CELL_VERTICES,
  cellAt,
  cellIndexCount,
  RISER_SHADE,
  srgbToLinear,
  writeCells
} from '../../../renderer/src/scene/landscape-cells'

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i)
const SIZE = { width: 8, depth: 6, height: 2 }

function arrays(units: number, rows: number): [Float32Array, Float32Array] {
  const n = units * rows * CELL_VERTICES * 3
  return [new Float32Array(n), new Float32Array(n)]
}
/** xyz of vertex `k` (0–3 tile, 4–7 riser) of cell (row, column). */
function vertex(p: Float32Array, units: number, row: number, column: number, k: number) {
  const at = ((row * units + column) * CELL_VERTICES + k) * 3
  return Array.from(p.slice(at, at + 3))
}

describe('landscape cells', () => {
  it('gives every vertex of a cell its state colour, so alive and dead never blend', () => {
    const buf = createLandscapeBuffer(2, 2)
    pushRow(buf, 0, [1, 0], [UNIT_STATE.alive, UNIT_STATE.dead], all(2))
    pushRow(buf, 1, [1, 1], [UNIT_STATE.saturated, UNIT_STATE.stuckNegative], all(2))
    const [positions, colors] = arrays(2, 2)
    writeCells(buf, heightScale('linear', 0, 1), positions, colors, SIZE)
    const expected = [
      UNIT_STATE.alive,
      UNIT_STATE.dead,
      UNIT_STATE.saturated,
      UNIT_STATE.stuckNegative
    ]
    expected.forEach((state, cell) => {
      const rgb = STATE_STYLES[state]!.rgb.map(srgbToLinear)
      const first = Array.from(colors.slice(cell * 24, cell * 24 + 3))
      // Shading only darkens; the hue is the state's own, never a mix with the neighbour.
      const k = first[0]! / rgb[0]! || first[1]! / rgb[1]!
      for (let c = 0; c < 3; c++) expect(first[c]).toBeCloseTo(rgb[c]! * k, 5)
      const rgbOf = (v: number) =>
        Array.from(colors.slice(cell * 24 + v * 3, cell * 24 + v * 3 + 3))
      for (let v = 1; v < 4; v++) expect(rgbOf(v)).toEqual(first)
      for (let v = 4; v < CELL_VERTICES; v++)
        rgbOf(v).forEach((c, i) => expect(c).toBeCloseTo(first[i]! * RISER_SHADE, 6))
    })
  })

  it('draws flat tiles at the value height with risers to the next probe and down to the floor', () => {
    const buf = createLandscapeBuffer(2, 4)
    pushRow(buf, 0, [1, 2], [0, 0], all(2))
    pushRow(buf, 8, [2, 0.5], [0, 0], all(2))
    const [positions, colors] = arrays(2, 4)
    const clipped = writeCells(buf, heightScale('linear', 0, 2), positions, colors, SIZE)
    expect(clipped).toBe(0)
    // Unit 0, first probe: value 1 of 2 → height 1; its four tile corners share that height.
    for (let k = 0; k < 4; k++) expect(vertex(positions, 2, 0, 0, k)[1]).toBeCloseTo(1)
    // Its riser climbs to the next probe's height (value 2 → 2).
    expect(vertex(positions, 2, 0, 0, 6)[1]).toBeCloseTo(2)
    // The newest row's riser goes down to the floor.
    expect(vertex(positions, 2, 1, 1, 6)[1]).toBe(0)
    // Two rows share the depth: the back row spans z −3…0, the front row 0…3.
    expect(vertex(positions, 2, 0, 0, 0)[2]).toBeCloseTo(-3)
    expect(vertex(positions, 2, 1, 0, 3)[2]).toBeCloseTo(3)
    // Ribbons do not touch: unit 0's right edge is left of unit 1's left edge.
    expect(vertex(positions, 2, 0, 0, 1)[0]).toBeLessThan(vertex(positions, 2, 0, 1, 0)[0]!)
    expect(cellIndexCount(buf)).toBe(2 * 2 * 12)
  })

  it('counts the cells outside a shared range and draws them clamped to full height', () => {
    const buf = createLandscapeBuffer(3, 2)
    pushRow(buf, 0, [0.5, 4, -7], [0, 0, 0], all(3))
    const [positions, colors] = arrays(3, 2)
    const clipped = writeCells(buf, heightScale('linear', -1, 1), positions, colors, SIZE)
    expect(clipped).toBe(2)
    expect(vertex(positions, 3, 0, 1, 0)[1]).toBeCloseTo(2)
    expect(vertex(positions, 3, 0, 2, 0)[1]).toBeCloseTo(-2)
    expect(positions.every(Number.isFinite)).toBe(true)
  })

  it('finds the unit and probe of any vertex of a cell after the ring wraps', () => {
    const buf = createLandscapeBuffer(3, 2)
    for (let step = 0; step < 3; step++) pushRow(buf, step * 10, [step, 5, 6], [0, 1, 0], all(3))
    // Oldest row held is step 10; cell (row 1, column 1) is step 20's unit 1.
    expect(cellAt(buf, 0)).toMatchObject({ row: 0, column: 0, step: 10, value: 1 })
    expect(cellAt(buf, (1 * 3 + 1) * CELL_VERTICES + 5)).toMatchObject({
      row: 1,
      column: 1,
      step: 20,
      value: 5,
      state: 1
    })
    expect(cellAt(buf, 2 * 3 * CELL_VERTICES)).toBeNull()
  })
})
