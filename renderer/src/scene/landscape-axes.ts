/**
 * The 3D landscape's axes as scene objects: the axis lines and tick marks (bright) and a faint
 * grid, both LineSegments rebuilt from an AxisSpec (a few hundred numbers, once per probe), and
 * the labels as HTML elements in an overlay over the canvas, projected from their 3D anchors
 * after every frame, so text stays upright and sharp however the camera turns. Labels that
 * would overlap one already placed (titles first) are hidden for that frame, so a turned camera
 * never shows a pile of digits. Each label carries data-axis and data-value, so tests read the
 * tick values from the DOM.
 */
import * as THREE from 'three'
import type { AxisLabel, AxisSpec } from './axis-spec'

export interface LandscapeAxes {
  readonly group: THREE.Group
  /** The overlay element holding the labels (positioned over the canvas). */
  readonly overlay: HTMLElement
  set(spec: AxisSpec): void
  /** Moves every label to its anchor's projection; call after each frame. */
  place(camera: THREE.Camera, width: number, height: number): void
  dispose(): void
}

function lineObject(color: number): THREE.LineSegments {
  const geometry = new THREE.BufferGeometry()
  geometry.setAttribute('position', new THREE.Float32BufferAttribute([], 3))
  return new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ color }))
}

function setLines(obj: THREE.LineSegments, xyz: number[]): void {
  obj.geometry.setAttribute('position', new THREE.Float32BufferAttribute(xyz, 3))
  obj.geometry.computeBoundingSphere()
}

/** True when a box centred at (x, y) with half sizes (hw, hh) meets one in `placed` (x, y, hw, hh…). */
function overlaps(placed: number[], x: number, y: number, hw: number, hh: number): boolean {
  for (let k = 0; k < placed.length; k += 4) {
    if (
      Math.abs(placed[k] - x) < placed[k + 2] + hw &&
      Math.abs(placed[k + 1] - y) < placed[k + 3] + hh
    )
      return true
  }
  return false
}

/** Writes `label` into `el`; returns true when its text changed (its size must be measured). */
function labelElement(label: AxisLabel, el: HTMLElement): boolean {
  const changed = el.textContent !== label.text
  if (changed) el.textContent = label.text
  el.dataset.axis = label.axis
  el.className = label.title ? 'axis-label axis-title' : 'axis-label'
  if (label.value === undefined) delete el.dataset.value
  else el.dataset.value = String(label.value)
  return changed
}

/** Axes whose labels live in `overlay` (an absolutely positioned element over the canvas). */
export function createLandscapeAxes(overlay: HTMLElement): LandscapeAxes {
  const lines = lineObject(0x8a93a6)
  const grid = lineObject(0x262d3b)
  const group = new THREE.Group()
  group.add(grid, lines)
  let labels: AxisLabel[] = []
  const elements: HTMLElement[] = []
  /** Half width and height of each label in pixels, measured when its text changes. */
  const halves: [number, number][] = []
  /** Label indices, titles first: the order in which overlaps are resolved. */
  let order: number[] = []
  const placed: number[] = []
  const v = new THREE.Vector3()
  return {
    group,
    overlay,
    set(spec) {
      setLines(lines, spec.lines)
      setLines(grid, spec.grid)
      labels = spec.labels
      while (elements.length < labels.length)
        elements.push(overlay.appendChild(document.createElement('span')))
      while (elements.length > labels.length) elements.pop()?.remove()
      const changed = labels.filter((l, i) => labelElement(l, elements[i]))
      // Read sizes after all writes: one layout, and only when some text changed.
      if (changed.length || halves.length !== labels.length)
        elements.forEach((el, i) => (halves[i] = [el.offsetWidth / 2 + 3, el.offsetHeight / 2]))
      halves.length = labels.length
      order = labels
        .map((_, i) => i)
        .sort((a, b) => Number(labels[b].title) - Number(labels[a].title))
    },
    place(camera, width, height) {
      placed.length = 0
      for (const i of order) {
        v.set(...labels[i].at).project(camera)
        const x = ((v.x + 1) / 2) * width
        const y = ((1 - v.y) / 2) * height
        const [hw, hh] = halves[i] ?? [0, 0]
        const hidden = v.z > 1 || v.z < -1 || overlaps(placed, x, y, hw, hh)
        const el = elements[i]
        el.style.visibility = hidden ? 'hidden' : ''
        if (hidden) continue
        placed.push(x, y, hw, hh)
        el.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -50%)`
      }
    },
    dispose() {
      for (const o of [lines, grid]) {
        o.geometry.dispose()
        ;(o.material as THREE.Material).dispose()
      }
      overlay.remove()
    }
  }
}
