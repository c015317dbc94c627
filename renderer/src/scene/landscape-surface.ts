/**
 * The unit landscape as three.js objects: one indexed BufferGeometry allocated once for the
 * buffer's (capacity × units) grid, whose position.y and colours are rewritten in place from a
 * LandscapeBuffer when a probe arrives (no per-frame or per-probe geometry rebuild), plus a
 * floor grid that marks the footprint. Height = mean activation, colour = unit state.
 */
import * as THREE from 'three'
import {
  filledIndexCount,
  gridIndices,
  gridPositions,
  writeNormals,
  writeSurface,
  type LandscapeBuffer
} from './landscape-buffer'

export const LANDSCAPE_SIZE = { width: 8, depth: 6, height: 2.2 } as const

export interface LandscapeSurface {
  readonly group: THREE.Group
  readonly mesh: THREE.Mesh
  /** Copies the buffer into the geometry attributes (in place) and sets the draw range. */
  update(): void
  dispose(): void
}

export function createLandscapeSurface(buf: LandscapeBuffer): LandscapeSurface {
  const { width, depth, height } = LANDSCAPE_SIZE
  const geometry = new THREE.BufferGeometry()
  const positions = new THREE.BufferAttribute(
    gridPositions(buf.units, buf.capacity, width, depth),
    3
  )
  const colors = new THREE.BufferAttribute(new Float32Array(buf.units * buf.capacity * 3), 3)
  const normals = new THREE.BufferAttribute(new Float32Array(buf.units * buf.capacity * 3), 3)
  positions.setUsage(THREE.DynamicDrawUsage)
  normals.setUsage(THREE.DynamicDrawUsage)
  colors.setUsage(THREE.DynamicDrawUsage)
  geometry.setAttribute('position', positions)
  geometry.setAttribute('color', colors)
  geometry.setAttribute('normal', normals)
  geometry.setIndex(new THREE.BufferAttribute(gridIndices(buf.units, buf.capacity), 1))
  // Heights stay within ±height, so one bounding sphere serves every update (raycasts need it).
  geometry.boundingSphere = new THREE.Sphere(
    new THREE.Vector3(),
    Math.hypot(width, depth, 2 * height) / 2
  )
  // Lit, so ridges and troughs read as shape; colours stay the state palette.
  const material = new THREE.MeshLambertMaterial({ vertexColors: true, side: THREE.DoubleSide })
  const mesh = new THREE.Mesh(geometry, material)
  const wire = new THREE.LineSegments(
    new THREE.WireframeGeometry(new THREE.PlaneGeometry(width, depth, 8, 6)),
    new THREE.LineBasicMaterial({ color: 0x262d3b })
  )
  wire.rotation.x = -Math.PI / 2
  wire.position.y = -0.01
  const group = new THREE.Group()
  group.add(wire, mesh)
  return {
    group,
    mesh,
    update() {
      writeSurface(
        buf,
        positions.array as Float32Array,
        colors.array as Float32Array,
        LANDSCAPE_SIZE
      )
      writeNormals(buf, positions.array as Float32Array, normals.array as Float32Array)
      positions.needsUpdate = true
      colors.needsUpdate = true
      normals.needsUpdate = true
      geometry.setDrawRange(0, filledIndexCount(buf))
    },
    dispose() {
      geometry.dispose()
      material.dispose()
      wire.geometry.dispose()
      ;(wire.material as THREE.Material).dispose()
    }
  }
}
