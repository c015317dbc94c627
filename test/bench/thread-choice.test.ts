import { describe, expect, it } from 'vitest'
import { bounds, judgeThreadChoice, MAX_CPU_RATIO, MIN_RATE_RATIO } from '../../bench/thread-choice'

describe('judging the default thread count against the best count', () => {
  it('fails a second core that buys no speed: it costs twice the CPU of the fastest count', () => {
    // Two threads busy for the same wall time as one: twice the CPU-seconds per sample.
    const rows = [
      { threads: 1, samplesPerSec: 1000, cpuSecondsPerSample: 1 / 1000 },
      { threads: 2, samplesPerSec: 990, cpuSecondsPerSample: 2 / 990 }
    ]
    expect(bounds(rows, 1)).toEqual({ cpuRatio: 1, rateRatio: 1, meetsBounds: true })
    const two = bounds(rows, 2)
    expect(two.cpuRatio).toBeCloseTo(2 / 990 / (1 / 1000), 12)
    expect(two.cpuRatio! > MAX_CPU_RATIO).toBe(true)
    expect(two.meetsBounds).toBe(false)
  })

  it('fails one thread where the second one pays, and knows nothing without figures', () => {
    const rows = [
      { threads: 1, samplesPerSec: 968, cpuSecondsPerSample: 1 / 968 },
      { threads: 2, samplesPerSec: 1385, cpuSecondsPerSample: 2 / 1385 }
    ]
    expect(bounds(rows, 2)).toEqual({ cpuRatio: 1, rateRatio: 1, meetsBounds: true })
    const one = bounds(rows, 1)
    expect(one.rateRatio).toBeCloseTo(968 / 1385, 12)
    expect(one.rateRatio! < MIN_RATE_RATIO).toBe(true)
    expect(one.meetsBounds).toBe(false)
    expect(bounds([{ threads: 1, samplesPerSec: null, cpuSecondsPerSample: null }], 1)).toEqual({
      cpuRatio: null,
      rateRatio: null,
      meetsBounds: null
    })
  })

  it('takes the choice from the rule: 1 for the bench MLP, one per core for the bench CNN', () => {
    const rows = [{ threads: 1, samplesPerSec: 1, cpuSecondsPerSample: 1 }]
    expect(judgeThreadChoice('mlp', rows, 2)).toMatchObject({ convShare: 0, chosen: 1 })
    const cnn = judgeThreadChoice('cnn', rows, 2)
    expect(cnn.convShare).toBeGreaterThan(0.5)
    expect(cnn.chosen).toBe(2)
  })
})
