/**
 * SVG path data for line charts: maps a series through x/y scales, breaks the line at non-finite
 * values (a NaN loss leaves a visible gap instead of a line to zero) and thins long series to
 * about one point per pixel column. Pure.
 */
import type { Scale } from './chart-scale'
import { strideIndices } from './unit-sampling'

/** 'M x y L x y …' for the finite points of (xs, ys); `maxPoints` caps the vertices drawn. */
export function linePath(
  xs: readonly number[],
  ys: readonly number[],
  x: Scale,
  y: Scale,
  maxPoints = 800
): string {
  const n = Math.min(xs.length, ys.length)
  let d = ''
  let pen = false
  for (const i of strideIndices(n, maxPoints)) {
    const v = ys[i]
    const ok = Number.isFinite(v) && Number.isFinite(xs[i]) && (!y.log || v > 0)
    if (!ok) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${x(xs[i]).toFixed(1)} ${y(v).toFixed(1)}`
    pen = true
  }
  return d
}

/** Index of the x value nearest to `target` in ascending `xs`, or -1 for an empty series. */
export function nearestIndex(xs: readonly number[], target: number): number {
  if (xs.length === 0) return -1
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid] <= target) lo = mid
    else hi = mid
  }
  return Math.abs(xs[lo] - target) <= Math.abs(xs[hi] - target) ? lo : hi
}
