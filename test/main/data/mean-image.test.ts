/**
 * The mean image's share of E[x²] on a real folder of real PNGs, through the real loader: solid
 * colour images, whose every pixel is its image's colour, so the share follows from the colours
 * by hand. Raw pixels (normalize: none): Σ_c m_c² / Σ_c E[v_c²] over the training colours.
 * Standardized: exactly the per-channel mean is subtracted, which for solid images is the mean
 * image itself, so nothing is left of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DataSpec } from '../../../main/contract/config/schema'
import { loadFolderImageSet } from '../../../main/data/folder/load-folder'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { useTestBackend } from '../engine/test-backend'
import { put, solidPng } from './folder/fixture-images'

const shape: [number, number, number] = [4, 4, 3]
const RED = { r: 200, g: 40, b: 0 }
const BLUE = { r: 0, g: 80, b: 220 }
const WHITE = { r: 255, g: 255, b: 255 }
let root: string

beforeAll(async () => {
  await useTestBackend()
  root = await tempDir('mean-image')
  for (let i = 0; i < 3; i++) put(root, `train/red/${i}.png`, await solidPng(RED))
  put(root, 'train/blue/0.png', await solidPng(BLUE))
  for (const c of ['red', 'blue']) put(root, `val/${c}/0.png`, await solidPng(WHITE))
})
afterAll(removeTempDirs)

const data = (normalize: DataSpec['normalize']): DataSpec => ({
  validationSplit: 0.2,
  resize: 'cover',
  normalize
})

describe('meanImageShare', () => {
  it('is Σ m² / Σ E[v²] over the training colours for raw pixels (validation left out)', async () => {
    const set = await loadFolderImageSet(root, { inputShape: shape, data: data('none'), seed: 1 })
    const channels = (['r', 'g', 'b'] as const).map((k) =>
      [RED[k], RED[k], RED[k], BLUE[k]].map((v) => v / 255)
    )
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
    const meanSquares = channels.reduce((a, v) => a + mean(v) ** 2, 0)
    const secondMoments = channels.reduce((a, v) => a + mean(v.map((x) => x * x)), 0)
    expect(set.summary.meanImageShare).toBeCloseTo(meanSquares / secondMoments, 5)
  })

  it('is 0 for standardized solid images: the channel mean is the whole mean image', async () => {
    const set = await loadFolderImageSet(root, {
      inputShape: shape,
      data: data('standardize'),
      seed: 1
    })
    expect(set.summary.meanImageShare).toBeCloseTo(0, 6)
  })
})
