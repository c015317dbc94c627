import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { augmentationSchema, type AugmentationSpec } from '../../../../main/contract/config/schema'
import { augmentBatch } from '../../../../main/data/augment/augment'
import { drawBatch, transformRows } from '../../../../main/data/augment/augment-draws'
import { makeDataRng } from '../../../../main/random/seeded-random'

const spec = (options: Partial<AugmentationSpec>): AugmentationSpec =>
  augmentationSchema.parse(options)

/** n random images [n, h, w, c] in [0, 1] from a seed. */
function randomImages(n: number, h: number, w: number, c: number, seed = 1): tf.Tensor4D {
  const random = makeDataRng(seed)
  return tf.tensor4d(Float32Array.from({ length: n * h * w * c }, random), [n, h, w, c])
}

const rows = (t: tf.Tensor4D): number[][][][] => t.arraySync()

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('augmentBatch', () => {
  it('returns an equal new tensor when every option is off, leaving the input alive', () => {
    const images = randomImages(3, 5, 5, 3)
    const out = augmentBatch(images, spec({}), 1)
    expect(out).not.toBe(images)
    expect(rows(out)).toEqual(rows(images))
    tf.dispose([images, out])
  })

  it('flips horizontally: each example is either untouched or exactly its mirror image, both occur', () => {
    const images = randomImages(16, 4, 6, 1)
    const out = rows(augmentBatch(images, spec({ flipHorizontal: true }), 5))
    const input = rows(images)
    const kinds = input.map((image, i) => {
      const mirrored = image.map((row) => [...row].reverse())
      const close = (a: number[][][], b: number[][][]) =>
        a.flat(2).every((v, k) => Math.abs(v - b.flat(2)[k]!) < 1e-5)
      if (close(out[i]!, image)) return 'same'
      expect(close(out[i]!, mirrored)).toBe(true)
      return 'mirrored'
    })
    expect(new Set(kinds)).toEqual(new Set(['same', 'mirrored']))
    images.dispose()
  })

  it('is reproducible: the same seed gives the same batch, another seed a different one', () => {
    const images = randomImages(4, 8, 8, 3)
    const all = spec({
      flipVertical: true,
      rotationDegrees: 20,
      translate: 0.1,
      zoom: 0.2,
      brightness: 0.2,
      contrast: 0.3,
      saturation: 0.5,
      hue: 0.1
    })
    const [a, b, c] = [
      augmentBatch(images, all, 9),
      augmentBatch(images, all, 9),
      augmentBatch(images, all, 10)
    ]
    expect(rows(a)).toEqual(rows(b))
    expect(rows(a)).not.toEqual(rows(c))
    tf.dispose([images, a, b, c])
  })

  it('keeps values in [0, 1] and leaks no tensors', () => {
    const images = randomImages(6, 10, 10, 3)
    const before = tf.memory().numTensors
    const out = augmentBatch(
      images,
      spec({ rotationDegrees: 45, zoom: 0.5, brightness: 1, contrast: 1, saturation: 1, hue: 0.5 }),
      3
    )
    expect(tf.memory().numTensors).toBe(before + 1)
    const values = out.dataSync()
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThanOrEqual(1)
    tf.dispose([images, out])
  })

  it('shifts brightness by one amount per example, within ± the configured range', () => {
    const images = tf.fill([8, 4, 4, 1], 0.5) as tf.Tensor4D
    const out = rows(augmentBatch(images, spec({ brightness: 0.2 }), 2))
    const shifts = out.map((image) => {
      const values = image.flat(2)
      expect(Math.max(...values) - Math.min(...values)).toBeLessThan(1e-6)
      return values[0]! - 0.5
    })
    for (const s of shifts) expect(Math.abs(s)).toBeLessThanOrEqual(0.2 + 1e-6)
    expect(new Set(shifts.map((s) => s.toFixed(4))).size).toBe(8)
    images.dispose()
  })

  it('leaves grey pixels grey under saturation and hue shifts, and changes coloured ones', () => {
    const grey = tf.fill([4, 3, 3, 3], 0.4) as tf.Tensor4D
    const colour = tf.tile(tf.tensor4d([0.8, 0.2, 0.3], [1, 1, 1, 3]), [4, 3, 3, 1]) as tf.Tensor4D
    const shift = spec({ saturation: 0.8, hue: 0.3 })
    for (const v of augmentBatch(grey, shift, 4).dataSync()) expect(v).toBeCloseTo(0.4, 4)
    const moved = augmentBatch(colour, shift, 4).dataSync()
    expect(Math.max(...moved.map((v, i) => Math.abs(v - [0.8, 0.2, 0.3][i % 3]!)))).toBeGreaterThan(
      0.05
    )
    tf.dispose([grey, colour])
  })

  it('applies the whole augmentation to one-channel batches (saturation and hue ignored)', () => {
    const images = randomImages(2, 6, 6, 1)
    const out = augmentBatch(
      images,
      spec({ rotationDegrees: 30, saturation: 1, hue: 0.5, contrast: 0.5 }),
      1
    )
    expect(out.shape).toEqual([2, 6, 6, 1])
    tf.dispose([images, out])
  })
})

describe('augmentBatch across backends', () => {
  it('gives the same augmented batch on the cpu and wasm backends', async () => {
    const all = spec({
      flipHorizontal: true,
      rotationDegrees: 30,
      translate: 0.1,
      zoom: 0.2,
      hue: 0.2,
      saturation: 0.3,
      contrast: 0.3,
      brightness: 0.1
    })
    const values = randomImages(6, 10, 10, 3).dataSync()
    const run = async (backend: string) => {
      await tf.setBackend(backend)
      const images = tf.tensor4d(values, [6, 10, 10, 3])
      const out = augmentBatch(images, all, 11)
      const result = out.dataSync().slice()
      tf.dispose([images, out])
      return result
    }
    const [cpu, wasm] = [await run('cpu'), await run('wasm')]
    await tf.setBackend('cpu')
    expect(Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i]!)))).toBeLessThan(1e-4)
  })
})

describe('transformRows', () => {
  it('maps output pixels to input pixels rotated about the centre, keeping distances, scaled by zoom', () => {
    const draw = drawBatch(1, spec({}), 1, 9, 9)[0]!
    const rotate = { ...draw, angle: Math.PI / 2, zoom: 2 }
    const [a0, a1, a2, b0, b1, b2] = transformRows([rotate], 9, 9)
    const at = (x: number, y: number) => [a0! * x + a1! * y + a2!, b0! * x + b1! * y + b2!]
    expect(at(4, 4).map((v) => +v.toFixed(6))).toEqual([4, 4])
    const [x, y] = at(8, 4) // 4 px right of centre → 2 px from centre (zoom 2), a quarter turn away
    expect(Math.hypot(x! - 4, y! - 4)).toBeCloseTo(2, 6)
    expect(Math.abs(x! - 4)).toBeCloseTo(0, 6)
  })
})
