import { afterAll, describe, expect, it } from 'vitest'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { deflateSync, inflateSync } from 'node:zlib'
import {
  decodeImageFile,
  DEFAULT_LIMITS,
  UnusableImage,
  type DecodeRoute
} from '../../../../main/data/folder/decode-image'
import { luma } from '../../../../main/data/folder/luma'
import { decodePlainPng } from '../../../../main/data/folder/plain-png'
import { sampleDatasetRoot } from '../../../../main/data/folder/sample'
import { scanFolder } from '../../../../main/data/folder/scan-folder'
import { bmp, exifRotatedJpeg, noise, pngChunk, put, solidJpeg, tempFolder } from './fixture-images'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const root = tempFolder('plain-png')
type Shape = [number, number, number]

/** The pixels, or the reason a person would read, through one route. */
async function outcome(path: string, shape: Shape, route: DecodeRoute): Promise<string | Buffer> {
  try {
    return Buffer.from(await decodeImageFile(path, shape, 'cover', DEFAULT_LIMITS, route))
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableImage)
    return (error as Error).message
  }
}

/** Expects the default route to give exactly what sharp alone gives, in grey and in RGB. */
async function expectSameAsSharp(path: string, height: number, width: number): Promise<void> {
  for (const channels of [1, 3]) {
    const shape: Shape = [height, width, channels]
    expect(await outcome(path, shape, 'fastest')).toEqual(await outcome(path, shape, 'sharp'))
  }
}

/** PNG filter types used by the rows of `png` (first IDAT only; enough for small images). */
function filterTypes(png: Buffer, rowBytes: number): Set<number> {
  const at = png.indexOf('IDAT', 8, 'latin1')
  const raw = inflateSync(png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4)))
  return new Set(Array.from({ length: raw.length / rowBytes }, (_, y) => raw[y * rowBytes]!))
}

/**
 * An 8-bit grey (channels 1) or RGB PNG of `raw` whose row y uses filter type y mod 5, written
 * from the PNG specification (sharp's encoder chooses filters itself).
 */
function filteredPng(raw: Buffer, width: number, height: number, channels: 1 | 3): Buffer {
  const stride = width * channels
  const rows = Buffer.alloc(height * (stride + 1))
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : raw[y * stride + x]!)
  for (let y = 0; y < height; y++) {
    const filter = y % 5
    rows[y * (stride + 1)] = filter
    for (let x = 0; x < stride; x++) {
      const [a, b, c] = [at(x - channels, y), at(x, y - 1), at(x - channels, y - 1)]
      const p = a + b - c
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)]
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!
      rows[y * (stride + 1) + 1 + x] = (at(x, y) - predicted) & 0xff
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** `png` with `chunk` inserted right after IHDR. */
const withChunk = (png: Buffer, chunk: Buffer): Buffer =>
  Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])

describe('the plain-PNG path', () => {
  it('decodes every image of the bundled sample to the same bytes as sharp, grey and RGB', async () => {
    const { files } = await scanFolder(sampleDatasetRoot())
    expect(files.length).toBeGreaterThan(1000)
    const differing: string[] = []
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0
    let next = 0
    const check = async () => {
      while (next < files.length) {
        const { path, rel } = files[next++]!
        if (!decodePlainPng(await readFile(path), [28, 28, 1])) differing.push(`${rel}: not taken`)
        const rgb = await decodeImageFile(path, [28, 28, 3], 'cover', DEFAULT_LIMITS, 'sharp')
        // the sharp route's grey is the luma of its RGB (decode-image.ts): one sharp decode serves both
        if (!same(await decodeImageFile(path, [28, 28, 3], 'cover'), rgb)) differing.push(rel)
        if (!same(await decodeImageFile(path, [28, 28, 1], 'cover'), luma(rgb))) differing.push(rel)
      }
    }
    await Promise.all([check(), check(), check(), check()])
    expect(differing).toEqual([])
  })

  it('takes grey and RGB PNGs from sharp’s encoder and with every row filter, same pixels', async () => {
    for (const channels of [1, 3] as const) {
      const image = channels === 1 ? noise(37, 23).toColourspace('b-w') : noise(37, 23)
      const fromSharp = await image.png({ adaptiveFiltering: true }).toBuffer()
      const raw = await image.raw().toBuffer()
      const everyFilter = filteredPng(raw, 37, 23, channels)
      expect(filterTypes(everyFilter, 1 + 37 * channels)).toEqual(new Set([0, 1, 2, 3, 4]))
      for (const [name, png] of [
        [`sharp-${channels}.png`, fromSharp],
        [`filters-${channels}.png`, everyFilter]
      ] as const) {
        expect(decodePlainPng(png, [23, 37, 3])).not.toBeNull()
        await expectSameAsSharp(put(root, name, png), 23, 37)
      }
    }
  })

  it('leaves to sharp what it does not take: other sizes, alpha, palette, 16 bits, interlace, profiles, EXIF', async () => {
    const rgb = noise(16, 12)
    const variants: Record<string, Buffer> = {
      'resized.png': await rgb.png().toBuffer(),
      'alpha.png': await rgb.clone().ensureAlpha(0.5).png().toBuffer(),
      'palette.png': await rgb.clone().png({ palette: true }).toBuffer(),
      'deep.png': await rgb.clone().toColourspace('rgb16').png().toBuffer(),
      'interlaced.png': await rgb.clone().png({ progressive: true }).toBuffer(),
      'profile.png': await rgb.clone().withIccProfile('p3').png().toBuffer(),
      'rotated.png': await rgb.clone().withMetadata({ orientation: 6 }).png().toBuffer(),
      'gamma.png': withChunk(
        await rgb.png().toBuffer(),
        pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f]))
      )
    }
    for (const [name, png] of Object.entries(variants)) {
      const [height, width] = name === 'resized.png' ? [6, 8] : [12, 16]
      expect({ name, plain: decodePlainPng(png, [height, width, 3]) }).toEqual({
        name,
        plain: null
      })
      await expectSameAsSharp(put(root, name, png), height, width)
    }
  })

  it('leaves broken PNGs to sharp, so they are skipped with the same reason as before', async () => {
    const png = await noise(16, 12).png().toBuffer()
    const badCrc = Buffer.from(png)
    badCrc[png.indexOf('IDAT', 8, 'latin1') + 10]! ^= 0xff
    const broken: Record<string, Buffer> = {
      'bad-crc.png': badCrc,
      'cut.png': png.subarray(0, png.length - 20),
      'no-iend.png': png.subarray(0, png.length - 12),
      'trailing.png': Buffer.concat([png, Buffer.from('junk')])
    }
    for (const [name, bytes] of Object.entries(broken)) {
      expect({ name, plain: decodePlainPng(bytes, [12, 16, 3]) }).toEqual({ name, plain: null })
      await expectSameAsSharp(put(root, name, bytes), 12, 16)
    }
  })

  it('changes nothing for JPEG, WebP and BMP files', async () => {
    const webp = await noise(20, 10).webp({ lossless: true }).toBuffer()
    const bitfields = fileURLToPath(new URL('fixtures/bitfields-rgb565.bmp', import.meta.url))
    const files = [
      put(root, 'photo.jpg', await solidJpeg({ r: 200, g: 30, b: 90 }, 20, 10)),
      put(root, 'rotated.jpg', await exifRotatedJpeg(10)),
      put(root, 'noise.webp', webp),
      put(
        root,
        'top.bmp',
        bmp(20, 10, 24, (x, y) => ({ r: x * 10, g: y * 20, b: 7 }))
      ),
      bitfields
    ]
    for (const path of files) await expectSameAsSharp(path, 10, 20)
  })
})
