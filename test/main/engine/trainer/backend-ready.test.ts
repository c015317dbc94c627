import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { prepareBackend, readyBackend } from '../../../../main/engine/trainer/backend-ready'

describe('a backend resolved ahead of the run', () => {
  it('is the very resolution the run takes when the choice matches, taken once', async () => {
    const prepared = prepareBackend('cpu', { defaultThreads: 1 })
    const taken = await readyBackend('cpu', { defaultThreads: 1 })
    expect(taken).toBe(await prepared)
    expect(taken).toEqual({ backend: 'cpu', notes: [] })
    // Taken once: the next run resolves anew (an equal answer, not the same object).
    const again = await readyBackend('cpu', { defaultThreads: 1 })
    expect(again).toEqual(taken)
    expect(again).not.toBe(taken)
  })

  it('resolves again when the run asks for other options than were prepared', async () => {
    const prepared = prepareBackend('cpu', { defaultThreads: 1 })
    const other = await readyBackend('cpu', { threads: 1 })
    expect(other).toEqual(await prepared)
    expect(other).not.toBe(await prepared)
    expect(tf.getBackend()).toBe('cpu')
  })
})
