import { describe, expect, it } from 'vitest'
import { advanceRing, slotOf, type TimeRing } from '../../../renderer/src/scene/time-ring'

const ring = (capacity: number): TimeRing => ({
  capacity,
  steps: new Float64Array(capacity),
  count: 0,
  head: 0
})

describe('time ring', () => {
  it('fills slots in order until full, oldest row at slot 0', () => {
    const r = ring(3)
    advanceRing(r, 10)
    advanceRing(r, 20)
    expect(r.count).toBe(2)
    expect([slotOf(r, 0), slotOf(r, 1)]).toEqual([0, 1])
    expect(Array.from(r.steps)).toEqual([10, 20, 0])
  })

  it('once full, overwrites the oldest slot and keeps rows ordered oldest first', () => {
    const r = ring(3)
    for (const step of [1, 2, 3, 4, 5]) advanceRing(r, step)
    expect(r.count).toBe(3)
    expect([0, 1, 2].map((t) => r.steps[slotOf(r, t)])).toEqual([3, 4, 5])
  })
})
