import { describe, expect, it } from 'vitest'
import { createRunControl } from '../../../../main/engine/host/run-control'

const settled = async (promise: Promise<void>) => {
  let done = false
  void promise.then(() => (done = true))
  await new Promise((resolve) => setTimeout(resolve, 5))
  return done
}

describe('createRunControl', () => {
  it('lets the loop run while not paused', async () => {
    const control = createRunControl()
    expect(await settled(control.waitWhilePaused())).toBe(true)
    expect(control.paused).toBe(false)
  })

  it('holds the loop while paused and releases it on resume', async () => {
    const control = createRunControl()
    control.pause()
    expect(control.paused).toBe(true)
    const waiting = control.waitWhilePaused()
    expect(await settled(waiting)).toBe(false)
    control.resume()
    expect(await settled(waiting)).toBe(true)
  })

  it('releases a paused loop on stop so that it can finish, and reports the stop', async () => {
    const control = createRunControl()
    control.pause()
    const waiting = control.waitWhilePaused()
    control.stop()
    expect(await settled(waiting)).toBe(true)
    expect(control.stopRequested()).toBe(true)
    expect(control.paused).toBe(false)
  })
})
