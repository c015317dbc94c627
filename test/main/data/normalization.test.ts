/**
 * Input normalization on a real folder of real PNGs: the statistics come from the training split
 * alone (validation is far brighter here), are cached beside the decode cache and read back, and
 * the model applies the same transform to training-mode and test-mode batches (training,
 * validation, test and probe batches all go through one of these two passes).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelSchema, type DataSpec } from '../../../main/contract/config/schema'
import { loadFolderImageSet } from '../../../main/data/folder/load-folder'
import { MIN_STD } from '../../../main/data/normalization'
import { forward } from '../../../main/engine/model/forward'
import { buildModel, disposeModel } from '../../../main/engine/model/model'
import { loadImageSet } from '../../../main/data/load-data'
import { runConfigSchema } from '../../../main/contract/config/schema'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { useTestBackend } from '../engine/test-backend'
import { put, solidPng } from './folder/fixture-images'

const data: DataSpec = { validationSplit: 0.2, resize: 'cover', normalize: 'standardize' }
const shape: [number, number, number] = [4, 4, 3]
const RED = { r: 200, g: 40, b: 0 }
const BLUE = { r: 0, g: 80, b: 220 }
const WHITE = { r: 255, g: 255, b: 255 }
let root: string

beforeAll(async () => {
  await useTestBackend()
  root = await tempDir('normalization')
  // Three red and one blue training image; validation and test are white, far from both.
  for (let i = 0; i < 3; i++) put(root, `train/red/${i}.png`, await solidPng(RED))
  put(root, 'train/blue/0.png', await solidPng(BLUE))
  for (const split of ['val', 'test'])
    for (const c of ['red', 'blue']) put(root, `${split}/${c}/0.png`, await solidPng(WHITE))
})
afterAll(removeTempDirs)

/** Mean and population std of the training pixels, channel by channel, from the colours. */
function expected(): { mean: number[]; std: number[] } {
  const channel = (k: 'r' | 'g' | 'b') => [RED[k], RED[k], RED[k], BLUE[k]].map((v) => v / 255)
  const stats = (['r', 'g', 'b'] as const).map((k) => {
    const v = channel(k)
    const m = v.reduce((a, b) => a + b, 0) / v.length
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)
    return { m, sd }
  })
  return { mean: stats.map((s) => s.m), std: stats.map((s) => Math.max(MIN_STD, s.sd)) }
}

describe('input normalization', () => {
  it('takes each channel mean and std from the training split only, not from the brighter validation and test splits', async () => {
    const set = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1 })
    const { mode, mean, std } = set.summary.normalization!
    expect(mode).toBe('standardize')
    const want = expected()
    mean.forEach((m, c) => expect(m).toBeCloseTo(want.mean[c]!, 5))
    std.forEach((s, c) => expect(s).toBeCloseTo(want.std[c]!, 5))
  })

  it('records the identity (mean 0, std 1) with normalize none', async () => {
    const set = await loadFolderImageSet(root, {
      inputShape: shape,
      data: { ...data, normalize: 'none' },
      seed: 1
    })
    expect(set.summary.normalization).toEqual({ mode: 'none', mean: [0, 0, 0], std: [1, 1, 1] })
  })

  it('computes the statistics once, caches them beside the decoded images and reads them back', async () => {
    const cacheDir = await tempDir('normalization-cache')
    const first = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1, cacheDir })
    const statsFiles = (await readdir(cacheDir)).filter((f) => f.endsWith('.stats.json'))
    expect(statsFiles).toHaveLength(1)
    const path = join(cacheDir, statsFiles[0]!)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(first.summary.normalization)
    // What a second load reports comes from the file: marked values come back unchanged.
    const marked = { mode: 'standardize', mean: [0.125, 0.25, 0.5], std: [0.5, 0.5, 0.5] }
    await writeFile(path, JSON.stringify(marked))
    const second = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1, cacheDir })
    expect(second.summary.normalization).toEqual(marked)
    // A damaged file is not trusted: the statistics are computed again.
    await writeFile(path, '{"mode": "standardize", "mean": [0.1]')
    const third = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1, cacheDir })
    expect(third.summary.normalization).toEqual(first.summary.normalization)
  })

  it('normalizes training-mode and test-mode batches with the same transform', async () => {
    const set = await loadFolderImageSet(root, { inputShape: shape, data, seed: 1 })
    const norm = set.summary.normalization!
    const spec = modelSchema.parse({
      inputShape: shape,
      layers: [{ type: 'dense', units: 3, activation: 'relu', initializer: 'he-normal' }]
    })
    const model = buildModel(spec, 2, 1, norm)
    const size = 4 * 4 * 3
    const pixels = new Float32Array(2 * size)
    await set.val.gather([0, 1], pixels)
    const seen = (training: boolean) =>
      tf.tidy(() => {
        let input: number[] = []
        const x = tf.tensor4d(pixels, [2, 4, 4, 3])
        const mode = training ? { training: true as const, seed: 2 } : { training: false as const }
        forward(model, x, mode, {
          layer: (i, t) => (input = i === 0 ? Array.from(t.input.dataSync()) : input)
        })
        return input
      })
    const want = Array.from(pixels, (v, i) => (v - norm.mean[i % 3]!) / norm.std[i % 3]!)
    for (const training of [true, false])
      seen(training).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4))
    disposeModel(model)
  })

  it('standardizes the built-in synthetic set too', async () => {
    const config = runConfigSchema.parse({
      model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
      training: { optimizer: { type: 'adam', learningRate: 0.01 } }
    })
    const set = await loadImageSet(
      { kind: 'synthetic' },
      config,
      () => {},
      () => false
    )
    const { mode, mean, std } = set.summary.normalization!
    expect(mode).toBe('standardize')
    expect(mean[0]).toBeGreaterThan(0.02)
    expect(std[0]).toBeGreaterThan(0.02)
  })
})
