/**
 * The 3D landscape's camera rules: named views (3/4, top = a heatmap of the cells, front, side),
 * the lowest the orbit may go (just above the floor, so the camera never passes under the
 * surface) and the box the orbit target may be panned within. Pure numbers; landscape-scene.ts
 * applies them to three.js OrbitControls.
 */
import type { Footprint } from './time-ring'

export type ViewName = 'three-quarter' | 'top' | 'front' | 'side'

export interface CameraPose {
  eye: [number, number, number]
  target: [number, number, number]
  /** Vertical field of view in degrees. */
  fov: number
}

/** The usual field of view, and the narrow one of the top view (nearly orthographic). */
export const FOV = 45
const TOP_FOV = 10

export const VIEW_LABELS: Record<ViewName, string> = {
  'three-quarter': '3/4',
  top: 'Top',
  front: 'Front',
  side: 'Side'
}

/** Largest polar angle from straight up: 84°, so the eye stays above the floor plane. */
export const MAX_POLAR = (84 / 180) * Math.PI

const tanHalf = (deg: number) => Math.tan(((deg / 2) * Math.PI) / 180)

/**
 * The pose of a named view for a footprint `size` (the landscape's width × depth × height) on a
 * canvas `aspect` wide per unit of height: farther away on narrow canvases, so the landscape and
 * its axis labels fit.
 */
export function namedView(name: ViewName, size: Footprint, aspect = 1.6): CameraPose {
  const r = Math.hypot(size.width, size.depth) * 1.05 * Math.max(1, 1.6 / aspect)
  const mid: [number, number, number] = [0, size.height * 0.25, 0]
  switch (name) {
    case 'three-quarter':
      return { eye: [-0.45 * r, 0.7 * r, 0.75 * r], target: mid, fov: FOV }
    case 'top': {
      // Far away through a narrow lens, so risers vanish and the tiles read as a heatmap; a
      // hair off vertical so the orbit keeps its orientation (time runs down the screen).
      // Far enough that the footprint plus room for the labels fits both ways.
      const t = tanHalf(TOP_FOV)
      const far = Math.max((size.depth / 2 + 1.4) / t, (size.width / 2 + 1.8) / (t * aspect))
      return { eye: [0, far, 0.001], target: [0, 0, 0], fov: TOP_FOV }
    }
    case 'front':
      return { eye: [0, size.height * 1.2, r], target: mid, fov: FOV }
    case 'side':
      return { eye: [-r, size.height * 1.2, 0], target: mid, fov: FOV }
    default: {
      const never: never = name
      throw new Error(`Unknown camera view ${String(never)}.`)
    }
  }
}

/**
 * The orbit target `t` moved back inside the landscape's box (x, z within the footprint with a
 * margin of `margin`, y between 0 and the height), so panning cannot carry the view away or
 * under the floor. Returns a new triple.
 */
export function clampTarget(
  t: readonly [number, number, number],
  size: Footprint,
  margin = 1
): [number, number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
  return [
    clamp(t[0], -size.width / 2 - margin, size.width / 2 + margin),
    clamp(t[1], 0, size.height),
    clamp(t[2], -size.depth / 2 - margin, size.depth / 2 + margin)
  ]
}
