import { describe, expect, it } from 'vitest'
import { SYNTHETIC_CLASSES, syntheticImageSet } from '../../../main/data/synthetic'

async function images(
  set: ReturnType<typeof syntheticImageSet>,
  split: 'train' | 'val'
): Promise<Float32Array> {
  const s = set[split]
  const out = new Float32Array(s.count * set.inputShape[0] * set.inputShape[1] * set.inputShape[2])
  await s.gather(
    Int32Array.from({ length: s.count }, (_, i) => i),
    out
  )
  return out
}

describe('syntheticImageSet', () => {
  it('splits 80/20 per class with labels cycling through ten named classes', () => {
    const set = syntheticImageSet([8, 8, 1], 1, 50)
    expect(set.classes).toEqual(SYNTHETIC_CLASSES)
    expect(set.classes).toHaveLength(10)
    expect([set.train.count, set.val.count]).toEqual([400, 100])
    expect(Array.from(set.train.labels.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
    expect(set.summary.counts.val!['ring']).toBe(10)
  })

  it('draws the same images from the same seed, other images from another, all within [0, 1]', async () => {
    const a = await images(syntheticImageSet([10, 12, 3], 4, 10), 'train')
    expect(await images(syntheticImageSet([10, 12, 3], 4, 10), 'train')).toEqual(a)
    expect(await images(syntheticImageSet([10, 12, 3], 5, 10), 'train')).not.toEqual(a)
    expect(a.every((v) => v >= 0 && v <= 1)).toBe(true)
  })

  it('is learnable: a nearest-class-mean classifier beats chance by far on validation', async () => {
    const set = syntheticImageSet([12, 12, 1], 2, 60)
    const size = 144
    const train = await images(set, 'train')
    const means = Array.from({ length: 10 }, () => new Float64Array(size))
    for (let i = 0; i < set.train.count; i++)
      for (let p = 0; p < size; p++)
        means[set.train.labels[i]!]![p]! += train[i * size + p]! / (set.train.count / 10)
    const val = await images(set, 'val')
    let correct = 0
    for (let i = 0; i < set.val.count; i++) {
      const distances = means.map((m) =>
        m.reduce((s, v, p) => s + (v - val[i * size + p]!) ** 2, 0)
      )
      if (distances.indexOf(Math.min(...distances)) === set.val.labels[i]) correct++
    }
    expect(correct / set.val.count).toBeGreaterThan(0.4)
  })

  it('refuses fewer than two examples per class', () => {
    expect(() => syntheticImageSet([8, 8, 1], 1, 1)).toThrow(/at least 2 examples per class/)
  })
})
