import { BufferAttribute } from 'three'
import { describe, expect, it } from 'vitest'
import { UNIT_STATE } from '../../../main/contract/runs/records'
import { createLandscapeBuffer, pushRow } from '../../../renderer/src/scene/landscape-buffer'
import { createCellMesh } from '../../../renderer/src/scene/cell-mesh'
import { heightScale } from '../../../renderer/src/scene/height-scale'
import { createRidgeBuffer, pushHistogram } from '../../../renderer/src/scene/ridge-buffer'
import { createRidgeMesh } from '../../../renderer/src/scene/ridge-mesh'

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i)

describe('3D geometry (unit cells and ridges)', () => {
  it('updates the same vertex arrays in place as probes arrive, never reallocating them', () => {
    const buf = createLandscapeBuffer(50, 30)
    const cells = createCellMesh(buf)
    const geometry = cells.mesh.geometry
    const position = geometry.getAttribute('position')
    if (!(position instanceof BufferAttribute))
      throw new Error('position is not a plain BufferAttribute')
    const positionArray = position.array
    const colorArray = geometry.getAttribute('color').array
    const versions: number[] = []
    for (let step = 0; step < 40; step++) {
      const values = Array.from({ length: 50 }, (_, u) => Math.sin(u + step))
      pushRow(
        buf,
        step,
        values,
        values.map((v) => (v <= 0 ? UNIT_STATE.dead : UNIT_STATE.alive)),
        all(50)
      )
      cells.update(heightScale('linear', -1, 1))
      versions.push(position.version)
      expect(geometry.getAttribute('position')).toBe(position)
      expect(geometry.getAttribute('position').array).toBe(positionArray)
      expect(geometry.getAttribute('color').array).toBe(colorArray)
    }
    const normals = geometry.getAttribute('normal')
    cells.update(heightScale('symlog', -1, 1))
    expect(geometry.getAttribute('normal')).toBe(normals)
    // Every update marks the attribute for upload once; the ring wrapped after 30 rows.
    expect(new Set(versions).size).toBe(40)
    // 30 rows × 50 units, one cell of two quads (12 indices) each.
    expect(geometry.drawRange.count).toBe(30 * 50 * 12)
    cells.dispose()
  })

  it('updates the ridge geometry in place too', () => {
    const buf = createRidgeBuffer(41, 20)
    const ridge = createRidgeMesh(buf, '#4c8df6')
    const array = ridge.mesh.geometry.getAttribute('position').array
    for (let step = 0; step < 25; step++) {
      pushHistogram(buf, step, {
        lo: -6,
        hi: 6,
        counts: Array.from({ length: 41 }, (_, b) => 41 - Math.abs(b - 20)),
        underflow: 0,
        overflow: 0
      })
      ridge.update()
    }
    expect(ridge.mesh.geometry.getAttribute('position').array).toBe(array)
    expect(ridge.mesh.geometry.drawRange.count).toBe(20 * 40 * 6)
    ridge.dispose()
  })
})
