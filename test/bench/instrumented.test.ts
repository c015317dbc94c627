/**
 * The runTraining bench's timed window against the trainer's real probe schedule: with
 * instruments off no probe falls inside it, with statsEvery s exactly one per s steps, and it
 * always starts past the log-spaced early probes. One real run checks that the window is seen.
 */
import { describe, expect, it } from 'vitest'
import {
  INSTRUMENTS_OFF,
  probesInWindow,
  runTrainingSamplesPerSec,
  timedWindow
} from '../../bench/instrumented'
import { wallClock } from '../../bench/plain-loop'

describe('timedWindow', () => {
  it('times the bench nets past the early probes: no probe with instruments off, one per 50 steps at the default', () => {
    expect(timedWindow(INSTRUMENTS_OFF, 30)).toEqual({ first: 32, last: 63 })
    expect(timedWindow(INSTRUMENTS_OFF, 60)).toEqual({ first: 64, last: 127 })
    expect(timedWindow(INSTRUMENTS_OFF, 100)).toEqual({ first: 128, last: 255 })
    expect(timedWindow(50, 30)).toEqual({ first: 32, last: 82 })
    expect(timedWindow(50, 60)).toEqual({ first: 32, last: 132 })
    expect(timedWindow(50, 100)).toEqual({ first: 32, last: 132 })
  })

  it('holds at least minSteps steps, no probe when off and ceil(minSteps / s) probes per s·k steps otherwise', () => {
    for (const minSteps of [1, 7, 30, 31, 32, 64, 100, 257]) {
      const off = timedWindow(INSTRUMENTS_OFF, minSteps)
      expect(off.last - off.first).toBeGreaterThanOrEqual(minSteps)
      expect(probesInWindow(off, INSTRUMENTS_OFF, off.last + 2)).toBe(0)
      for (const statsEvery of [10, 25, 50, 64, 100]) {
        const on = timedWindow(statsEvery, minSteps)
        const periods = Math.ceil(minSteps / statsEvery)
        expect(on.last - on.first).toBe(periods * statsEvery)
        expect(probesInWindow(on, statsEvery, on.last + 2)).toBe(periods)
      }
    }
  })
})

describe('runTrainingSamplesPerSec', () => {
  it('rates a real MLP run over its window', async () => {
    const rate = await runTrainingSamplesPerSec('mlp', 'wasm', {
      statsEvery: INSTRUMENTS_OFF,
      minSteps: 10,
      clock: wallClock,
      threads: 1
    })
    expect(rate).toBeGreaterThan(0)
    expect(Number.isFinite(rate)).toBe(true)
  }, 120_000)
})
