/**
 * The random parameters of one augmented batch, drawn from a seed in plain JS (so a seed gives
 * the same augmentation on every backend), and the affine matrices they make for
 * tf.image.transform. Pure.
 */
import type { AugmentationSpec } from '../../contract/config/schema'
import { makeDataRng } from '../../random/seeded-random'

/** One example's draw. Angles in radians, shifts in pixels, factors multiplicative. */
export interface ExampleDraw {
  flipX: boolean
  flipY: boolean
  angle: number
  shiftX: number
  shiftY: number
  zoom: number
  brightness: number
  contrast: number
  saturation: number
  /** Hue rotation as a fraction of a full turn. */
  hue: number
}

/** True when `spec` changes nothing (every option off). Does not mutate. */
export function isIdentity(spec: AugmentationSpec): boolean {
  return !spec.flipHorizontal && !spec.flipVertical && !hasGeometry(spec) && !hasColour(spec)
}

export const hasGeometry = (s: AugmentationSpec): boolean =>
  s.flipHorizontal || s.flipVertical || s.rotationDegrees > 0 || s.translate > 0 || s.zoom > 0

export const hasColour = (s: AugmentationSpec): boolean =>
  s.brightness > 0 || s.contrast > 0 || s.saturation > 0 || s.hue > 0

/** Draws `n` examples' parameters for images of width × height pixels from `seed`. */
export function drawBatch(
  n: number,
  spec: AugmentationSpec,
  seed: number,
  width: number,
  height: number
): ExampleDraw[] {
  const random = makeDataRng(seed)
  const symmetric = (range: number) => (range > 0 ? (2 * random() - 1) * range : 0)
  return Array.from({ length: n }, () => ({
    flipX: spec.flipHorizontal && random() < 0.5,
    flipY: spec.flipVertical && random() < 0.5,
    angle: (symmetric(spec.rotationDegrees) * Math.PI) / 180,
    shiftX: symmetric(spec.translate) * width,
    shiftY: symmetric(spec.translate) * height,
    zoom: 1 + symmetric(spec.zoom),
    brightness: symmetric(spec.brightness),
    contrast: 1 + symmetric(spec.contrast),
    saturation: 1 + symmetric(spec.saturation),
    hue: symmetric(spec.hue)
  }))
}

/**
 * tf.image.transform rows [a0 a1 a2 b0 b1 b2 0 0] mapping each output pixel to the input pixel it
 * samples: the inverse of flip, then zoom, then rotation about the centre, then shift.
 * Returns a fresh Float32Array of n × 8.
 */
export function transformRows(
  draws: readonly ExampleDraw[],
  width: number,
  height: number
): Float32Array {
  const rows = new Float32Array(draws.length * 8)
  const cx = (width - 1) / 2
  const cy = (height - 1) / 2
  draws.forEach((d, i) => {
    const cos = Math.cos(d.angle) / d.zoom
    const sin = Math.sin(d.angle) / d.zoom
    const fx = d.flipX ? -1 : 1
    const fy = d.flipY ? -1 : 1
    // A = F · R(−angle) / zoom; input = c + A · (output − c − shift)
    const a = [fx * cos, fx * sin, -fy * sin, fy * cos] as const
    const ux = cx + d.shiftX
    const uy = cy + d.shiftY
    rows.set(
      [a[0], a[1], cx - a[0] * ux - a[1] * uy, a[2], a[3], cy - a[2] * ux - a[3] * uy, 0, 0],
      i * 8
    )
  })
  return rows
}

/** Per-example 3 × 3 RGB hue-rotation matrices (rotation in YIQ space), row-major, n × 9. */
export function hueMatrices(draws: readonly ExampleDraw[]): Float32Array {
  const toYiq = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312]
  const toRgb = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703]
  const out = new Float32Array(draws.length * 9)
  draws.forEach((d, i) => {
    const c = Math.cos(2 * Math.PI * d.hue)
    const s = Math.sin(2 * Math.PI * d.hue)
    const rot = [1, 0, 0, 0, c, -s, 0, s, c]
    out.set(multiply3(toRgb, multiply3(rot, toYiq)), i * 9)
  })
  return out
}

function multiply3(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      out.push(a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!)
  }
  return out
}
