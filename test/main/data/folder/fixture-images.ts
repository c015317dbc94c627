/**
 * Real image files for the loader tests, written with sharp's own encoders (and byte surgery for
 * the broken ones), and fresh temporary folders for them (removed by `removeTempDirs`).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { tempDirSync } from '../../../helpers/temp-dirs'

export type Rgb = { r: number; g: number; b: number }

export const tempFolder = tempDirSync

/** Writes `bytes` at root/rel, creating folders. Returns the absolute path. */
export function put(root: string, rel: string, bytes: Uint8Array | string): string {
  const path = join(root, rel)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  return path
}

const solid = (width: number, height: number, colour: Rgb) =>
  sharp({ create: { width, height, channels: 3, background: colour } })

export const solidPng = (colour: Rgb, width = 24, height = 16) =>
  solid(width, height, colour).png().toBuffer()
export const solidJpeg = (colour: Rgb, width = 24, height = 16) =>
  solid(width, height, colour).jpeg({ quality: 95 }).toBuffer()

/** A noisy (incompressible) RGB image, so a cut file loses real pixel data, not just the tail. */
export function noise(width: number, height: number) {
  const raw = Buffer.alloc(width * height * 3)
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919 + (i >> 5) * 31) % 251
  return sharp(raw, { raw: { width, height, channels: 3 } })
}

/** The first `fraction` of a file's bytes. */
export const truncate = (bytes: Buffer, fraction: number): Buffer =>
  bytes.subarray(0, Math.floor(bytes.length * fraction))

/** Left half white, right half black, width 2·side × height side, with EXIF orientation 6. */
export function exifRotatedJpeg(side: number): Promise<Buffer> {
  const raw = Buffer.alloc(2 * side * side * 3)
  for (let y = 0; y < side; y++) raw.fill(255, y * 2 * side * 3, (y * 2 * side + side) * 3)
  return sharp(raw, { raw: { width: 2 * side, height: side, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

/** One PNG chunk: length, type, data and its CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid, tiny (~60-byte) PNG whose header declares width × height pixels: a decompression bomb. */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const idat = Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
  return Buffer.concat([
    signature,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** A two-frame animated GIF: first frame `first`, second `second`. */
export async function animatedGif(first: Rgb, second: Rgb): Promise<Buffer> {
  return sharp([await solidPng(first), await solidPng(second)], { join: { animated: true } })
    .gif()
    .toBuffer()
}

/**
 * A BMP file (sharp cannot write BMP, so this is the format's documented layout, written out):
 * BITMAPINFOHEADER, bottom-up rows padded to 4 bytes, BGR(A) or 8-bit palette indices.
 */
export function bmp(
  width: number,
  height: number,
  bits: 8 | 24 | 32 | 4,
  colour: (x: number, y: number) => Rgb
): Buffer {
  const stride = Math.ceil((width * bits) / 32) * 4
  const paletteBytes = bits <= 8 ? 4 * (1 << bits) : 0
  const offset = 54 + paletteBytes
  const file = Buffer.alloc(offset + stride * height)
  file.write('BM', 0, 'latin1')
  file.writeUInt32LE(file.length, 2)
  file.writeUInt32LE(offset, 10)
  file.writeUInt32LE(40, 14)
  file.writeInt32LE(width, 18)
  file.writeInt32LE(height, 22)
  file.writeUInt16LE(1, 26)
  file.writeUInt16LE(bits, 28)
  const palette: Rgb[] = []
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const c = colour(x, y)
      if (bits === 8) {
        let index = palette.findIndex((p) => p.r === c.r && p.g === c.g && p.b === c.b)
        if (index < 0) index = palette.push(c) - 1
        file[row + x] = index
      } else if (bits >= 24) {
        file.set([c.b, c.g, c.r], row + x * (bits / 8))
      }
    }
  }
  palette.forEach((c, i) => file.set([c.b, c.g, c.r, 0], 54 + i * 4))
  return file
}
