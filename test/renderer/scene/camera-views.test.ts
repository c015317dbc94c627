import { describe, expect, it } from 'vitest'
import {
  clampTarget,
  MAX_POLAR,
  namedView,
  type ViewName
} from '../../../renderer/src/scene/camera-views'

const SIZE = { width: 8, depth: 6, height: 2.2 }

describe('camera views', () => {
  it('puts every named view above the floor and within the orbit limit', () => {
    for (const name of ['three-quarter', 'top', 'front', 'side'] as ViewName[]) {
      const { eye, target } = namedView(name, SIZE)
      const d = eye.map((v, i) => v - target[i]!)
      const polar = Math.acos(d[1]! / Math.hypot(...d))
      expect(eye[1]).toBeGreaterThan(0)
      expect(polar).toBeLessThanOrEqual(MAX_POLAR)
    }
  })

  it('looks straight down in the top view, so the cells read as a heatmap', () => {
    const { eye } = namedView('top', SIZE)
    expect(Math.hypot(eye[0], eye[2]) / eye[1]).toBeLessThan(0.001)
  })

  it('backs off on a narrow canvas so the landscape still fits', () => {
    const wide = namedView('three-quarter', SIZE, 1.8)
    const narrow = namedView('three-quarter', SIZE, 0.8)
    expect(Math.hypot(...narrow.eye)).toBeGreaterThan(Math.hypot(...wide.eye) * 1.5)
    expect(namedView('top', SIZE, 0.8).eye[1]).toBeGreaterThan(namedView('top', SIZE, 1.8).eye[1])
  })

  it('pulls a target panned under the floor or far away back into the box', () => {
    expect(clampTarget([0, -3, 0], SIZE)).toEqual([0, 0, 0])
    expect(clampTarget([40, 1, -40], SIZE)).toEqual([5, 1, -4])
    expect(clampTarget([1, 1, 1], SIZE)).toEqual([1, 1, 1])
  })
})
