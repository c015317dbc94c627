/**
 * The unit cells as three.js objects: one indexed BufferGeometry allocated once for the
 * buffer's (capacity × units) cells, whose positions and colours are rewritten in place from a
 * LandscapeBuffer when a probe arrives (no per-frame or per-probe geometry rebuild). Height =
 * mean activation on the given height scale, colour = unit state, one flat cell per unit and
 * probe (landscape-cells.ts).
 */
import * as THREE from 'three'
import type { LandscapeBuffer } from './landscape-buffer'
import {
  CELL_VERTICES,
  cellIndexCount,
  cellIndices,
  cellNormals,
  writeCells
} from './landscape-cells'
import type { HeightScale } from './height-scale'

export const LANDSCAPE_SIZE = { width: 8, depth: 6, height: 2.2 } as const

export interface CellMesh {
  readonly group: THREE.Group
  readonly mesh: THREE.Mesh
  /**
   * Copies the buffer into the geometry attributes (in place) on `scale`, laid out as `rows`
   * rows (see writeCells), and sets the draw range. Returns how many cells lie outside the
   * scale's range (drawn clamped).
   */
  update(scale: HeightScale, rows?: number): number
  dispose(): void
}

export function createCellMesh(buf: LandscapeBuffer): CellMesh {
  const { width, depth, height } = LANDSCAPE_SIZE
  const cells = buf.units * buf.capacity
  const geometry = new THREE.BufferGeometry()
  const positions = new THREE.BufferAttribute(new Float32Array(cells * CELL_VERTICES * 3), 3)
  const colors = new THREE.BufferAttribute(new Float32Array(cells * CELL_VERTICES * 3), 3)
  positions.setUsage(THREE.DynamicDrawUsage)
  colors.setUsage(THREE.DynamicDrawUsage)
  geometry.setAttribute('position', positions)
  geometry.setAttribute('color', colors)
  geometry.setAttribute('normal', new THREE.BufferAttribute(cellNormals(cells), 3))
  geometry.setIndex(new THREE.BufferAttribute(cellIndices(cells), 1))
  // Heights stay within ±height, so one bounding sphere serves every update (raycasts need it).
  geometry.boundingSphere = new THREE.Sphere(
    new THREE.Vector3(),
    Math.hypot(width, depth, 2 * height) / 2
  )
  // Unlit, so a cell shows exactly its state's palette colour (lighting washed red into pink);
  // writeCells darkens risers so the steps still read as steps.
  const material = new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.DoubleSide })
  const mesh = new THREE.Mesh(geometry, material)
  const group = new THREE.Group()
  group.add(mesh)
  return {
    group,
    mesh,
    update(scale, rows = buf.count) {
      const clipped = writeCells(
        buf,
        scale,
        positions.array as Float32Array,
        colors.array as Float32Array,
        LANDSCAPE_SIZE,
        rows
      )
      positions.needsUpdate = true
      colors.needsUpdate = true
      geometry.setDrawRange(0, cellIndexCount(buf))
      return clipped
    },
    dispose() {
      geometry.dispose()
      material.dispose()
    }
  }
}
