import { afterAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { decodeImageFile, UnusableImage } from '../../../../main/data/folder/decode-image'
import {
  animatedGif,
  bmp,
  bombPng,
  exifRotatedJpeg,
  noise,
  put,
  solidPng,
  tempFolder,
  truncate
} from './fixture-images'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const root = tempFolder('decode')
const RED = { r: 220, g: 20, b: 30 }

async function reasonOf(path: string): Promise<string> {
  try {
    await decodeImageFile(path, [8, 8, 3], 'cover')
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableImage)
    return (error as Error).message
  }
  throw new Error(`${path} decoded, but it should have been refused`)
}

const near = (actual: number, expected: number, tolerance = 6) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance)

describe('decodeImageFile', () => {
  it('decodes a PNG to exactly [h, w, c] uint8 pixels in RGB and in grayscale', async () => {
    const path = put(root, 'red.png', await solidPng(RED, 30, 20))
    const rgb = await decodeImageFile(path, [5, 7, 3], 'cover')
    expect(rgb.length).toBe(5 * 7 * 3)
    near(rgb[0]!, RED.r)
    near(rgb[1]!, RED.g)
    near(rgb[2]!, RED.b)
    const grey = await decodeImageFile(path, [5, 7, 1], 'cover')
    expect(grey.length).toBe(35)
    near(grey[0]!, 0.299 * RED.r + 0.587 * RED.g + 0.114 * RED.b)
  })

  it('recognizes a PNG named .jpg by its content', async () => {
    const path = put(root, 'actually-png.jpg', await solidPng(RED))
    near((await decodeImageFile(path, [4, 4, 3], 'cover'))[0]!, RED.r)
  })

  it('decodes WebP and TIFF written by real encoders', async () => {
    for (const format of ['webp', 'tiff'] as const) {
      const bytes = await sharp({ create: { width: 12, height: 12, channels: 3, background: RED } })
        .toFormat(format, format === 'webp' ? { lossless: true } : {})
        .toBuffer()
      const pixels = await decodeImageFile(put(root, `red.${format}`, bytes), [4, 4, 3], 'cover')
      near(pixels[0]!, RED.r)
    }
  })

  it('refuses truncated JPEG and PNG files as truncated', async () => {
    const jpeg = truncate(await noise(300, 200).jpeg().toBuffer(), 0.5)
    const png = truncate(await noise(300, 200).png().toBuffer(), 0.5)
    expect(await reasonOf(put(root, 'cut.jpg', jpeg))).toBe('truncated: the JPEG data ends early')
    expect(await reasonOf(put(root, 'cut.png', png))).toBe('truncated: the PNG data ends early')
  })

  it('refuses an empty file and a text file named .jpg with a reason a person reads', async () => {
    expect(await reasonOf(put(root, 'empty.png', ''))).toBe('empty file (0 bytes)')
    expect(await reasonOf(put(root, 'notes.jpg', 'shopping list: eggs'))).toMatch(/^not an image/)
  })

  it('refuses a tiny PNG declaring 20000×20000 pixels before decoding it', async () => {
    const bomb = bombPng(20000, 20000)
    expect(bomb.length).toBeLessThan(100)
    expect(await reasonOf(put(root, 'bomb.png', bomb))).toBe(
      'too large: declares 20000×20000 pixels, over the limit of 50 megapixels (refused before decoding)'
    )
  })

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await sharp({ create: { width: 16, height: 16, channels: 3, background: RED } })
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer()
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk')
    const pixels = await decodeImageFile(put(root, 'cmyk.jpg', cmyk), [4, 4, 3], 'cover')
    expect(pixels[0]).toBeGreaterThan(150)
    expect(pixels[1]).toBeLessThan(80)
    expect(pixels[2]).toBeLessThan(80)
  })

  it('scales a 16-bit PNG to 8 bits', async () => {
    const deep = await sharp({ create: { width: 8, height: 8, channels: 3, background: RED } })
      .toColourspace('rgb16')
      .png()
      .toBuffer()
    expect((await sharp(deep).metadata()).depth).toBe('ushort')
    const pixels = await decodeImageFile(put(root, 'deep.png', deep), [4, 4, 3], 'cover')
    near(pixels[0]!, RED.r, 2)
    near(pixels[1]!, RED.g, 2)
  })

  it('flattens grey+alpha and transparent palette PNGs onto black', async () => {
    const greyAlpha = await sharp({
      create: {
        width: 8,
        height: 8,
        channels: 4,
        background: { r: 200, g: 200, b: 200, alpha: 0.5 }
      }
    })
      .toColourspace('b-w')
      .png()
      .toBuffer()
    expect((await sharp(greyAlpha).metadata()).channels).toBe(2)
    const ga = await decodeImageFile(put(root, 'grey-alpha.png', greyAlpha), [4, 4, 3], 'cover')
    near(ga[0]!, 100, 4)
    expect(ga[0]).toBe(ga[1])
    const palette = await sharp({
      create: { width: 8, height: 8, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } }
    })
      .png({ palette: true })
      .toBuffer()
    expect((await sharp(palette).metadata()).isPalette).toBe(true)
    const pal = await decodeImageFile(put(root, 'palette.png', palette), [4, 4, 3], 'cover')
    expect([...pal.subarray(0, 3)]).toEqual([0, 0, 0])
  })

  it('applies EXIF orientation: a wide image tagged "rotate 90°" decodes tall, white half on top', async () => {
    const path = put(root, 'rotated.jpg', await exifRotatedJpeg(16))
    const pixels = await decodeImageFile(path, [8, 4, 1], 'stretch')
    const row = (y: number) => pixels.subarray(y * 4, y * 4 + 4)
    for (const v of row(0)) expect(v).toBeGreaterThan(200)
    for (const v of row(7)) expect(v).toBeLessThan(50)
  })

  it('decodes 24-bit, 32-bit and paletted BMP top row first, and refuses other BMP variants by name', async () => {
    const topRed = (_x: number, y: number) => (y < 4 ? RED : { r: 0, g: 0, b: 250 })
    for (const bits of [24, 32, 8] as const) {
      const path = put(root, `top-red-${bits}.bmp`, bmp(6, 8, bits, topRed))
      const pixels = await decodeImageFile(path, [8, 6, 3], 'stretch')
      expect([...pixels.subarray(0, 3), ...pixels.subarray(7 * 18, 7 * 18 + 3)]).toEqual([
        RED.r,
        RED.g,
        RED.b,
        0,
        0,
        250
      ])
    }
    expect(await reasonOf(put(root, 'four-bit.bmp', bmp(6, 8, 4, topRed)))).toBe(
      'BMP variant not supported (4 bits per pixel, compression 0); convert it to PNG'
    )
    const cut = bmp(6, 8, 24, topRed).subarray(0, 80)
    expect(await reasonOf(put(root, 'cut.bmp', cut))).toBe('truncated: the BMP data ends early')
  })

  it('honours BI_BITFIELDS colour masks in real 16- and 32-bit BMPs: red decodes as red', async () => {
    // Written by ImageMagick (RGB565, ARGB8888); the third is ARGB8888 with masks and pixels
    // in RGBA byte order, as an X8B8G8R8 encoder writes it (see fixtures/).
    for (const name of ['bitfields-rgb565', 'bitfields-argb8888', 'bitfields-rgba-masks']) {
      const path = fileURLToPath(new URL(`fixtures/${name}.bmp`, import.meta.url))
      const pixels = await decodeImageFile(path, [8, 6, 3], 'stretch')
      const top = [...pixels.subarray(0, 3)]
      const bottom = [...pixels.subarray(7 * 18, 7 * 18 + 3)]
      expect({ name, top, bottom }).toEqual({ name, top: [255, 0, 0], bottom: [0, 0, 255] })
    }
  })

  it('calls a BMP cut after 27 bytes truncated', async () => {
    const topRed = (_x: number, y: number) => (y < 4 ? RED : { r: 0, g: 0, b: 250 })
    for (const length of [27, 40, 60]) {
      const cut = bmp(6, 8, 24, topRed).subarray(0, length)
      expect(await reasonOf(put(root, `cut-${length}.bmp`, cut))).toBe(
        'truncated: the BMP data ends early'
      )
    }
  })

  it('takes the first frame of an animated GIF', async () => {
    const gif = await animatedGif(RED, { r: 0, g: 0, b: 255 })
    expect((await sharp(gif).metadata()).pages).toBe(2)
    const pixels = await decodeImageFile(put(root, 'anim.gif', gif), [4, 4, 3], 'cover')
    expect(pixels[0]).toBeGreaterThan(150)
    expect(pixels[2]).toBeLessThan(100)
  })

  it('resizes by cover-crop, letterbox or stretch as configured', async () => {
    // 40×20: left half white, right half black. Target 4×4 grey.
    const raw = Buffer.alloc(40 * 20)
    for (let y = 0; y < 20; y++) raw.fill(255, y * 40, y * 40 + 20)
    const path = put(
      root,
      'halves.png',
      await sharp(raw, { raw: { width: 40, height: 20, channels: 1 } })
        .png()
        .toBuffer()
    )
    const cover = await decodeImageFile(path, [4, 4, 1], 'cover')
    const letterbox = await decodeImageFile(path, [4, 4, 1], 'letterbox')
    const stretch = await decodeImageFile(path, [4, 4, 1], 'stretch')
    // cover keeps the central 20×20: columns 0–1 white, 2–3 black, on every row
    expect([cover[4], cover[7]]).toEqual([255, 0])
    // letterbox keeps all of it in 4×2 with black bars above and below
    expect(letterbox[0]).toBe(0)
    expect(letterbox[4 + 0]).toBeGreaterThan(200)
    expect(letterbox[12]).toBe(0)
    // stretch fills every row with the image
    expect([stretch[0], stretch[12], stretch[15]]).toEqual([255, 255, 0])
  })
})
