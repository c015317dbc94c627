/**
 * Per-pixel input normalization on a real folder of real PNGs whose pixels differ by position:
 * every input position's mean and std come from the training split alone (validation and test
 * are white), they are cached in their own file beside the standardize statistics, the model
 * subtracts the mean image and divides by the std image in both passes, and the training split's
 * mean-image share under it is 0 (the mean image is exactly what it removes).
 */
import { readdir } from 'node:fs/promises'
import * as tf from '@tensorflow/tfjs'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelSchema, type DataSpec } from '../../../main/contract/config/schema'
import { loadFolderImageSet } from '../../../main/data/folder/load-folder'
import { MIN_STD } from '../../../main/data/normalization'
import { forward } from '../../../main/engine/model/forward'
import { buildModel, disposeModel } from '../../../main/engine/model/model'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { useTestBackend } from '../engine/test-backend'
import { put, solidPng } from './folder/fixture-images'

const data: DataSpec = { validationSplit: 0.2, resize: 'cover', normalize: 'per-pixel' }
const shape: [number, number, number] = [4, 4, 3]
const SIZE = 4 * 4 * 3
/** Training images' raw bytes ([h, w, c]), each different at every position. */
const TRAIN = [0, 1, 2, 3].map((k) =>
  Uint8Array.from({ length: SIZE }, (_, i) => (i * 37 + k * k * 53 + (i % 3) * k * 11) % 256)
)
let root: string

const png = (bytes: Uint8Array) =>
  sharp(Buffer.from(bytes), { raw: { width: 4, height: 4, channels: 3 } })
    .png()
    .toBuffer()

beforeAll(async () => {
  await useTestBackend()
  root = await tempDir('per-pixel')
  for (const [k, bytes] of TRAIN.entries())
    put(root, `train/${k % 2 ? 'b' : 'a'}/${k}.png`, await png(bytes))
  const white = await solidPng({ r: 255, g: 255, b: 255 }, 4, 4)
  for (const split of ['val', 'test'])
    for (const c of ['a', 'b']) put(root, `${split}/${c}/0.png`, white)
})
afterAll(removeTempDirs)

/** Mean and population std of each position over the training bytes / 255. */
function expected(): { mean: number[]; std: number[] } {
  const mean: number[] = []
  const std: number[] = []
  for (let p = 0; p < SIZE; p++) {
    const v = TRAIN.map((bytes) => bytes[p]! / 255)
    const m = v.reduce((a, b) => a + b, 0) / v.length
    mean.push(m)
    std.push(Math.max(MIN_STD, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)))
  }
  return { mean, std }
}

describe('per-pixel input normalization', () => {
  it('takes every position mean and std from the training split only, not from the white validation and test images', async () => {
    const set = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1 })
    const { mode, mean, std } = set.summary.normalization!
    expect(mode).toBe('per-pixel')
    const want = expected()
    expect(mean).toHaveLength(SIZE)
    mean.forEach((m, p) => expect(m).toBeCloseTo(want.mean[p]!, 5))
    std.forEach((s, p) => expect(s).toBeCloseTo(want.std[p]!, 5))
    // The mean image is what per-pixel centring removes: nothing of it is left.
    expect(set.summary.meanImageShare).toBeLessThan(1e-9)
  })

  it('caches per-pixel statistics in their own file, next to the per-channel ones', async () => {
    const cacheDir = await tempDir('per-pixel-cache')
    const load = (normalize: DataSpec['normalize']) =>
      loadFolderImageSet(root, {
        inputShape: shape,
        data: { ...data, normalize },
        seed: 1,
        cacheDir
      })
    const pixel = await load('per-pixel')
    const channel = await load('standardize')
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.stats.json'))).toHaveLength(2)
    expect(channel.summary.normalization!.mean).toHaveLength(3)
    expect((await load('per-pixel')).summary.normalization).toEqual(pixel.summary.normalization)
  })

  it('subtracts the mean image and divides by the std image in training-mode and test-mode batches', async () => {
    const set = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1 })
    const norm = set.summary.normalization!
    const spec = modelSchema.parse({
      inputShape: shape,
      layers: [{ type: 'dense', units: 3, activation: 'relu', initializer: 'he-normal' }]
    })
    const model = buildModel(spec, 2, 1, norm)
    const pixels = new Float32Array(2 * SIZE)
    await set.val.gather([0, 1], pixels)
    const seen = (training: boolean) =>
      tf.tidy(() => {
        let input: number[] = []
        const x = tf.tensor4d(pixels, [2, ...shape])
        const mode = training ? { training: true as const, seed: 2 } : { training: false as const }
        forward(model, x, mode, {
          layer: (i, t) => (input = i === 0 ? Array.from(t.input.dataSync()) : input)
        })
        return input
      })
    const want = Array.from(pixels, (v, i) => (v - norm.mean[i % SIZE]!) / norm.std[i % SIZE]!)
    for (const training of [true, false])
      seen(training).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 3))
    disposeModel(model)
  })

  it('refuses per-pixel statistics measured at another input size, saying what to do', () => {
    const spec = modelSchema.parse({
      inputShape: [2, 2, 3],
      layers: [{ type: 'dense', units: 3, activation: 'relu', initializer: 'he-normal' }]
    })
    const norm = { mode: 'per-pixel' as const, mean: Array(SIZE).fill(0), std: Array(SIZE).fill(1) }
    expect(() => buildModel(spec, 2, 1, norm)).toThrow(
      /48 means.*2×2×3 input needs 12.*measure it again/
    )
  })
})
