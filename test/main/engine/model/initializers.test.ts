import { describe, expect, it } from 'vitest'
import { initializerSchema } from '../../../../main/contract/config/schema'
import { initializerOf } from '../../../../main/engine/model/initializers'
import { makeRng } from '../../../../main/random/seeded-random'
import { initializerVariance } from '../../../../main/contract/stats/theory'

function moments(values: Float32Array): { mean: number; variance: number } {
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / values.length
  let sq = 0
  for (const v of values) sq += (v - mean) ** 2
  return { mean, variance: sq / values.length }
}

describe('initializers', () => {
  const fanIn = 300
  const fanOut = 200
  const size = fanIn * fanOut
  for (const name of [
    'he-normal',
    'he-uniform',
    'glorot-normal',
    'glorot-uniform',
    'lecun-normal'
  ] as const) {
    it(`draws ${name} weights with the variance the theory states, within 3%`, () => {
      const spec = initializerSchema.parse(name)
      const { mean, variance } = moments(initializerOf(spec)(size, fanIn, fanOut, makeRng(3)))
      const expected = initializerVariance(spec, fanIn, fanOut)
      expect(Math.abs(variance / expected - 1)).toBeLessThan(0.03)
      expect(Math.abs(mean)).toBeLessThan(3 * Math.sqrt(expected / size) + 1e-6)
    })
  }

  it('gives He-normal weights variance 2/fanIn', () => {
    const { variance } = moments(
      initializerOf({ type: 'he-normal' })(size, fanIn, fanOut, makeRng(11))
    )
    expect(variance).toBeGreaterThan((2 / fanIn) * 0.97)
    expect(variance).toBeLessThan((2 / fanIn) * 1.03)
  })

  it('draws random-normal with the given mean and stddev, and constants exactly', () => {
    const drawn = moments(
      initializerOf({ type: 'random-normal', mean: 0.5, stddev: 0.03 })(
        size,
        fanIn,
        fanOut,
        makeRng(5)
      )
    )
    expect(drawn.mean).toBeCloseTo(0.5, 3)
    expect(Math.sqrt(drawn.variance)).toBeCloseTo(0.03, 3)
    expect(
      Array.from(initializerOf({ type: 'constant', value: 0.25 })(4, 2, 2, makeRng(1)))
    ).toEqual([0.25, 0.25, 0.25, 0.25])
    expect(Array.from(initializerOf({ type: 'zeros' })(3, 2, 2, makeRng(1)))).toEqual([0, 0, 0])
  })

  it('reproduces the same weights from the same seed and different ones from another seed', () => {
    const init = initializerOf({ type: 'glorot-normal' })
    const a = init(100, 10, 10, makeRng(42))
    expect(init(100, 10, 10, makeRng(42))).toEqual(a)
    expect(init(100, 10, 10, makeRng(43))).not.toEqual(a)
  })
})
