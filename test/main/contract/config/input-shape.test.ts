import { afterAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import {
  COLOUR_FRACTION,
  INPUT_SIDE_CAP,
  deriveInputShape
} from '../../../../main/contract/config/input-shape'
import { folderInputShape, lookAtImages } from '../../../../main/data/folder/look-at-images'
import { scanFolder } from '../../../../main/data/folder/scan-folder'
import { sampleDatasetRoot } from '../../../../main/data/folder/sample'
import { removeTempDirs } from '../../../helpers/temp-dirs'
import { put, solidPng, tempFolder } from '../../data/folder/fixture-images'

afterAll(removeTempDirs)

/** A photo-like colour gradient (red rises left to right, blue top to bottom) as a JPEG. */
function colourJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x)
      raw[i] = Math.round((255 * x) / width)
      raw[i + 1] = 90
      raw[i + 2] = Math.round((255 * y) / height)
    }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

/** The same gradient in grey, saved as a three-channel (RGB) JPEG: grey content, colour file. */
async function greyAsRgbJpeg(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < width * height; i++) raw.fill((i * 13) % 256, 3 * i, 3 * i + 3)
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer()
}

describe('the input shape derived from a folder', () => {
  it('is square at the median size with 3 channels for a folder of colour photos', async () => {
    const root = tempFolder('input-shape')
    const sizes: [number, number][] = [
      [30, 40],
      [32, 32],
      [36, 34]
    ]
    for (const cls of ['cat', 'dog'])
      for (const [i, [w, h]] of sizes.entries())
        put(root, `${cls}/${i}.jpg`, await colourJpeg(w, h))
    const derived = await folderInputShape(root, 'cover')
    // medians: width 32 of {30, 32, 36}, height 34 of {32, 34, 40}; cover → min(32, 34) square
    expect(derived.shape).toEqual([32, 32, 3])
    expect(derived.sizes).toEqual({ min: [30, 32], median: [32, 34], max: [36, 40] })
    expect(derived.sampled).toBe(6)
    expect(derived.colour).toBe(6)
  })

  it('keeps one channel for grey images, also when they are stored as RGB files', async () => {
    const root = tempFolder('input-shape')
    put(root, 'a/1.jpg', await greyAsRgbJpeg(20, 20))
    put(root, 'b/1.png', await solidPng({ r: 120, g: 120, b: 120 }, 20, 20))
    const derived = await folderInputShape(root, 'cover')
    expect(derived.shape).toEqual([20, 20, 1])
    expect(derived.colour).toBe(0)
  })

  it('caps the long side at 64 px and keeps the median aspect with letterbox resizing', async () => {
    const root = tempFolder('input-shape')
    put(root, 'a/1.jpg', await colourJpeg(300, 200))
    put(root, 'b/1.jpg', await colourJpeg(300, 200))
    const cover = await folderInputShape(root, 'cover')
    const letterbox = await folderInputShape(root, 'letterbox')
    expect(cover.shape).toEqual([INPUT_SIDE_CAP, INPUT_SIDE_CAP, 3])
    // 300×200 scaled by 64/300: width 64, height round(200·64/300) = 43
    expect(letterbox.shape).toEqual([Math.round((200 * INPUT_SIDE_CAP) / 300), INPUT_SIDE_CAP, 3])
  })

  it('leaves unreadable files out of the sample and gives the bundled sample 28×28×1', async () => {
    const root = tempFolder('input-shape')
    put(root, 'a/good.png', await solidPng({ r: 200, g: 10, b: 10 }, 24, 24))
    put(root, 'a/empty.png', new Uint8Array())
    put(root, 'b/notes.dat', 'not an image')
    put(root, 'b/good.png', await solidPng({ r: 10, g: 10, b: 200 }, 24, 24))
    const looks = await lookAtImages((await scanFolder(root)).files)
    expect(looks).toHaveLength(2)
    expect((await folderInputShape(sampleDatasetRoot(), 'cover')).shape).toEqual([28, 28, 1])
  })

  it('turns colour on from a tenth of colour images, and falls back to 28×28×1 without images', () => {
    const grey = { width: 10, height: 10, colour: false }
    const colour = { ...grey, colour: true }
    const looks = (coloured: number) => [
      ...Array.from({ length: coloured }, () => colour),
      ...Array.from({ length: 10 - coloured }, () => grey)
    ]
    expect(deriveInputShape(looks(10 * COLOUR_FRACTION), 'cover').shape[2]).toBe(3)
    expect(deriveInputShape(looks(10 * COLOUR_FRACTION - 1), 'cover').shape[2]).toBe(1)
    expect(deriveInputShape([], 'cover').shape).toEqual([28, 28, 1])
  })
})
