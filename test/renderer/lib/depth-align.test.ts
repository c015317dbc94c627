import { describe, expect, it } from 'vitest'
import { depthPositions } from '../../../renderer/src/lib/depth-align'

describe('depthPositions', () => {
  it('puts the output layers of a 3-layer and a 5-layer run at the same x', () => {
    const shallow = depthPositions(3, 5)
    const deep = depthPositions(5, 5)
    expect(shallow.at(-1)).toBe(deep.at(-1))
    expect(shallow.at(-1)).toBe(5)
  })

  it('keeps hidden layers at their own depth, counted from the input', () => {
    expect(depthPositions(3, 5)).toEqual([1, 2, 5])
    expect(depthPositions(5, 5)).toEqual([1, 2, 3, 4, 5])
  })

  it('never moves the output left of its own depth when deepest is too small', () => {
    expect(depthPositions(4, 2)).toEqual([1, 2, 3, 4])
  })

  it('places an output-only run at the deepest depth and an empty run nowhere', () => {
    expect(depthPositions(1, 4)).toEqual([4])
    expect(depthPositions(0, 4)).toEqual([])
  })
})
