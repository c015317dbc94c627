import { describe, expect, it } from 'vitest'
import {
  accuracyBaselines,
  classImbalance,
  majorityClass
} from '../../../../main/contract/runs/baselines'

const classes = ['a', 'b', 'c', 'd', 'e', 'f']

describe('accuracyBaselines', () => {
  it('is 1/6 chance and 45/100 majority on a 6-class validation split whose largest class has 45 of 100', () => {
    const counts = {
      train: { a: 10, b: 10, c: 10, d: 10, e: 10, f: 10 },
      val: { a: 45, b: 11, c: 11, d: 11, e: 11, f: 11 }
    }
    expect(accuracyBaselines(classes, counts)).toEqual({ chance: 1 / 6, majorityClass: 0.45 })
    expect(majorityClass(classes, counts.val)).toEqual({ name: 'a', share: 0.45 })
  })

  it('falls back to the training split without validation images, and is null with no images', () => {
    expect(accuracyBaselines(['x', 'y'], { train: { x: 3, y: 1 }, val: {} })).toEqual({
      chance: 0.5,
      majorityClass: 0.75
    })
    expect(accuracyBaselines(['x', 'y'], { train: {}, val: {} })).toBeNull()
  })
})

describe('classImbalance', () => {
  it('names the largest and smallest training class and their ratio', () => {
    expect(classImbalance(['x', 'y', 'z'], { train: { x: 60, y: 10, z: 30 } })).toEqual({
      largest: { name: 'x', count: 60 },
      smallest: { name: 'y', count: 10 },
      ratio: 6
    })
    expect(classImbalance(['x', 'y'], { train: { x: 5 } })!.ratio).toBe(Infinity)
  })
})
