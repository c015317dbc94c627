/**
 * The ridge view as three.js objects: filled histogram slices over training time (like
 * TensorBoard's offset histograms, in real 3D) and their outlines, both in geometries
 * allocated once and rewritten in place from a RidgeBuffer. Older slices sit at the back and
 * fade; the colour ramp is fixed per row, so only positions change on update.
 */
import * as THREE from 'three'
import {
  ridgeIndexCount,
  ridgeIndices,
  ridgeVertexCount,
  writeRidges,
  type RidgeBuffer
} from './ridge-buffer'

export const RIDGE_SIZE = { width: 8, depth: 6, height: 2 } as const

export interface RidgeMesh {
  readonly group: THREE.Group
  readonly mesh: THREE.Mesh
  /**
   * Rewrites the slices in place, laid out as `rows` rows with a bin holding `peak` of its
   * slice's values full height (see writeRidges); returns the scene height of a bin holding all.
   */
  update(rows?: number, peak?: number): number
  dispose(): void
}

/** Per-vertex colours: oldest rows dim, newest bright, in the chart's "measured" hue. */
function rowColors(buf: RidgeBuffer, base: THREE.Color): Float32Array {
  const out = new Float32Array(ridgeVertexCount(buf.bins, buf.capacity) * 3)
  for (let t = 0; t < buf.capacity; t++) {
    const k = 0.25 + 0.75 * (t / (buf.capacity - 1))
    for (let v = 0; v < buf.bins * 2; v++) {
      const i = (t * buf.bins * 2 + v) * 3
      out[i] = base.r * k
      out[i + 1] = base.g * k
      out[i + 2] = base.b * k
    }
  }
  return out
}

export function createRidgeMesh(buf: RidgeBuffer, color: string): RidgeMesh {
  const fill = new THREE.BufferAttribute(
    new Float32Array(ridgeVertexCount(buf.bins, buf.capacity) * 3),
    3
  )
  const outline = new THREE.BufferAttribute(new Float32Array(buf.capacity * (buf.bins - 1) * 6), 3)
  fill.setUsage(THREE.DynamicDrawUsage)
  outline.setUsage(THREE.DynamicDrawUsage)
  const geometry = new THREE.BufferGeometry()
  geometry.setAttribute('position', fill)
  geometry.setAttribute(
    'color',
    new THREE.BufferAttribute(rowColors(buf, new THREE.Color(color)), 3)
  )
  geometry.setIndex(new THREE.BufferAttribute(ridgeIndices(buf.bins, buf.capacity), 1))
  const { width, depth, height } = RIDGE_SIZE
  geometry.boundingSphere = new THREE.Sphere(
    new THREE.Vector3(),
    Math.hypot(width, depth, 2 * height) / 2
  )
  const material = new THREE.MeshBasicMaterial({
    vertexColors: true,
    side: THREE.DoubleSide,
    transparent: true,
    opacity: 0.85
  })
  const mesh = new THREE.Mesh(geometry, material)
  const lineGeometry = new THREE.BufferGeometry()
  lineGeometry.setAttribute('position', outline)
  const lines = new THREE.LineSegments(
    lineGeometry,
    new THREE.LineBasicMaterial({ color: 0xe8ecf4 })
  )
  const group = new THREE.Group()
  group.add(mesh, lines)
  return {
    group,
    mesh,
    update(rows = buf.count, peak?: number) {
      const scale = writeRidges(
        buf,
        fill.array as Float32Array,
        outline.array as Float32Array,
        RIDGE_SIZE,
        rows,
        peak
      )
      fill.needsUpdate = true
      outline.needsUpdate = true
      geometry.setDrawRange(0, ridgeIndexCount(buf))
      lineGeometry.setDrawRange(0, buf.count * (buf.bins - 1) * 2)
      return scale
    },
    dispose() {
      geometry.dispose()
      material.dispose()
      lineGeometry.dispose()
      ;(lines.material as THREE.Material).dispose()
    }
  }
}
