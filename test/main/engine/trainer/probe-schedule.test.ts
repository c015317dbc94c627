import { describe, expect, it } from 'vitest'
import { isProbeStep, probeSteps } from '../../../../main/engine/trainer/probe-schedule'

describe('probe schedule', () => {
  it('probes powers of two below statsEvery, then every statsEvery, and the last step', () => {
    expect(probeSteps(25, 120)).toEqual([0, 1, 2, 4, 8, 16, 25, 50, 75, 100, 119])
  })

  it('probes the first 50 steps of the relu-dying preset (statsEvery 25, 1,520 steps) seven times', () => {
    const early = probeSteps(25, 1520).filter((s) => s <= 50)
    expect(early).toEqual([0, 1, 2, 4, 8, 16, 25, 50])
    expect(probeSteps(25, 1520).at(-1)).toBe(1519)
  })

  it('adds no early probes past statsEvery (64 is a power of two but not below 50)', () => {
    expect(isProbeStep(64, 50, 1000)).toBe(false)
    expect(isProbeStep(32, 50, 1000)).toBe(true)
    expect(isProbeStep(100, 50, 1000)).toBe(true)
  })

  it('probes every step when statsEvery is 1 and only the first and last of a 1-step gap', () => {
    expect(probeSteps(1, 5)).toEqual([0, 1, 2, 3, 4])
    expect(probeSteps(1000, 1)).toEqual([0])
    expect(probeSteps(2, 6)).toEqual([0, 1, 2, 4, 5])
  })
})
