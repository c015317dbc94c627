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

/** Floats of line vertices kept per object: 320 segments (a mark per row of 120 rows, and more). */
const LINE_FLOATS = 320 * 6

function lineObject(color: number): THREE.LineSegments {
  const geometry = new THREE.BufferGeometry()
  const position = new THREE.BufferAttribute(new Float32Array(LINE_FLOATS), 3)
  position.setUsage(THREE.DynamicDrawUsage)
  geometry.setAttribute('position', position)
  // The axes stay near the landscape's footprint; one sphere serves every update.
  geometry.boundingSphere = new THREE.Sphere(new THREE.Vector3(), 12)
  return new THREE.LineSegments(geometry, new THREE.LineBasicMaterial({ color }))
}

/** Copies `xyz` into the object's preallocated buffer in place (no new GL buffer per probe). */
function setLines(obj: THREE.LineSegments, xyz: number[]): void {
  const position = obj.geometry.getAttribute('position') as THREE.BufferAttribute
  const array = position.array as Float32Array
  const n = Math.min(array.length, xyz.length)
  for (let i = 0; i < n; i++) array[i] = xyz[i]!
  position.needsUpdate = true
  obj.geometry.setDrawRange(0, n / 3)
}

/** Half width and height in pixels of a label's box, estimated from its text (no layout read). */
function halfSize(label: AxisLabel): [number, number] {
  const charWidth = label.title ? 7.4 : 6.4
  return [(label.text.length * charWidth) / 2 + 4, label.title ? 9 : 8]
}

/** True when a box centred at (x, y) with half sizes (hw, hh) meets one in `placed` (x, y, hw, hh…). */
function overlaps(placed: number[], x: number, y: number, hw: number, hh: number): boolean {
  for (let k = 0; k < placed.length; k += 4) {
    if (
      Math.abs(placed[k]! - x) < placed[k + 2]! + hw &&
      Math.abs(placed[k + 1]! - y) < placed[k + 3]! + hh
    )
      return true
  }
  return false
}

/** Writes `label` into `el`, touching the DOM only where something changed. */
function labelElement(label: AxisLabel, el: HTMLElement): void {
  if (el.textContent !== label.text) el.textContent = label.text
  if (el.dataset.axis !== label.axis) el.dataset.axis = label.axis
  const cls = label.title ? 'axis-label axis-title' : 'axis-label'
  if (el.className !== cls) el.className = cls
  const value = label.value === undefined ? undefined : String(label.value)
  if (el.dataset.value !== value) {
    if (value === undefined) delete el.dataset.value
    else el.dataset.value = value
  }
}

/** Axes whose labels live in `overlay` (an absolutely positioned element over the canvas). */
export function createLandscapeAxes(overlay: HTMLElement): LandscapeAxes {
  const lines = lineObject(0x8a93a6)
  const grid = lineObject(0x262d3b)
  const group = new THREE.Group()
  group.add(grid, lines)
  let labels: AxisLabel[] = []
  const elements: HTMLElement[] = []
  /** Half width and height of each label in pixels (estimated from the text). */
  const halves: [number, number][] = []
  /** Label indices, titles first: the order in which overlaps are resolved. */
  let order: number[] = []
  const placed: number[] = []
  /** The transform last written to each label, so an unmoved label costs no style write. */
  const shown: string[] = []
  const v = new THREE.Vector3()
  return {
    group,
    overlay,
    set(spec) {
      setLines(lines, spec.lines)
      setLines(grid, spec.grid)
      labels = spec.labels
      while (elements.length < labels.length) {
        const el = overlay.appendChild(document.createElement('span'))
        el.style.cssText = 'position:absolute;left:0;top:0;white-space:nowrap'
        elements.push(el)
      }
      while (elements.length > labels.length) elements.pop()?.remove()
      shown.length = elements.length
      labels.forEach((l, i) => {
        labelElement(l, elements[i]!)
        halves[i] = halfSize(l)
      })
      halves.length = labels.length
      order = labels
        .map((_, i) => i)
        .sort((a, b) => Number(labels[b]!.title) - Number(labels[a]!.title))
    },
    place(camera, width, height) {
      placed.length = 0
      for (const i of order) {
        v.set(...labels[i]!.at).project(camera)
        const x = ((v.x + 1) / 2) * width
        const y = ((1 - v.y) / 2) * height
        const [hw, hh] = halves[i] ?? [0, 0]
        const hidden = v.z > 1 || v.z < -1 || overlaps(placed, x, y, hw, hh)
        const el = elements[i]!
        const visibility = hidden ? 'hidden' : ''
        if (el.style.visibility !== visibility) el.style.visibility = visibility
        if (hidden) continue
        placed.push(x, y, hw, hh)
        const transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -50%)`
        if (shown[i] !== transform) el.style.transform = shown[i] = transform
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
