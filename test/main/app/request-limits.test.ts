import { describe, expect, it } from 'vitest'
import { inFlightCounter, oneAtATime } from '../../../main/app/request-limits'

describe('request limits', () => {
  it('runs one call at a time, refuses a call meanwhile, and frees the slot after a failure', async () => {
    let release: () => void = () => {}
    const work = oneAtATime(async (fail: boolean) => {
      await new Promise<void>((r) => (release = r))
      if (fail) throw new Error('broke')
      return 'done'
    }, 'busy, try later')
    const first = work(true)
    await expect(work(false)).rejects.toThrow('busy, try later')
    release()
    await expect(first).rejects.toThrow('broke')
    const again = work(false)
    release()
    expect(await again).toBe('done')
  })

  it('counts requests in flight up to its limit and never below zero', () => {
    const counter = inFlightCounter(2)
    expect([counter.tryEnter(), counter.tryEnter(), counter.tryEnter()]).toEqual([
      true,
      true,
      false
    ])
    expect(counter.count).toBe(2)
    counter.leave()
    expect(counter.tryEnter()).toBe(true)
    counter.leave()
    counter.leave()
    counter.leave()
    expect(counter.count).toBe(0)
  })
})
