/**
 * A fast path for the small, plain PNGs datasets like MNIST and Fashion-MNIST are made of: 8-bit
 * grey or RGB, not interlaced, already at the model's size, with no colour profile, gamma,
 * transparency, palette or EXIF. sharp's fixed cost per image (≈ 0.85–1 ms of CPU for a 28×28
 * PNG, almost all of it libvips object setup and teardown) is many times the decoding itself;
 * here node's zlib inflates and the rows are unfiltered in JS, which gives the pixels sharp gives,
 * byte for byte (the tests compare both on the bundled sample). Anything else, or anything odd
 * (a bad CRC, a zlib stream too short or too long, an unknown chunk, data after IEND), returns
 * null and goes to sharp, which decodes it or reports the problem as before. Pure: bytes in,
 * pixels out.
 */
import { crc32, inflateSync } from 'node:zlib'
import { luma } from './luma'

const SIGNATURE_BYTES = 8
/** Chunks that change no pixel sharp returns: physical size, text and modification time. */
const INERT = new Set(['pHYs', 'tEXt', 'zTXt', 'iTXt', 'tIME'])
/** PNG colour types taken here: 0 = grey, 2 = RGB (8 bits per sample). */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3 }

interface Chunk {
  type: string
  data: Uint8Array
}

/** The chunks of a PNG, CRCs checked; null when the layout is broken or anything follows IEND. */
function readChunks(bytes: Uint8Array): Chunk[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const chunks: Chunk[] = []
  let at = SIGNATURE_BYTES
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at)
    const end = at + 12 + length
    if (end > bytes.length) return null
    const typed = bytes.subarray(at + 4, at + 8 + length)
    if (crc32(typed) !== view.getUint32(at + 8 + length)) return null
    const type = String.fromCharCode(...typed.subarray(0, 4))
    chunks.push({ type, data: typed.subarray(4) })
    at = end
    if (type === 'IEND') return at === bytes.length ? chunks : null
  }
  return null
}

interface Header {
  width: number
  height: number
  samples: number
}

/** The IHDR of an image this path takes, else null. */
function plainHeader(ihdr: Chunk): Header | null {
  if (ihdr.type !== 'IHDR' || ihdr.data.length !== 13) return null
  const view = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, 13)
  const [depth, colourType, compression, filter, interlace] = ihdr.data.subarray(8)
  const samples = SAMPLES[colourType!] // 13 bytes, so all five are there
  if (depth !== 8 || !samples || compression !== 0 || filter !== 0 || interlace !== 0) return null
  return { width: view.getUint32(0), height: view.getUint32(4), samples }
}

/** The compressed image data: IDAT chunks in one run, the rest inert; else null. */
function imageData(chunks: Chunk[]): Uint8Array | null {
  const idat = chunks.filter((c) => c.type === 'IDAT')
  const first = chunks.findIndex((c) => c.type === 'IDAT')
  if (idat.length === 0 || chunks[first + idat.length - 1]?.type !== 'IDAT') return null
  if (!chunks.slice(1, -1).every((c) => c.type === 'IDAT' || INERT.has(c.type))) return null
  return idat.length === 1 ? idat[0]!.data : Buffer.concat(idat.map((c) => c.data))
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Undoes the per-row filters of `raw` ([height × (1 + stride)]); null on an unknown filter. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | null {
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const at = y * stride
    const up = y * stride - stride
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[at + x - bpp]! : 0
      const b = y > 0 ? out[up + x]! : 0
      const c = x >= bpp && y > 0 ? out[up + x - bpp]! : 0
      let predicted: number
      if (filter === 0) predicted = 0
      else if (filter === 1) predicted = a
      else if (filter === 2) predicted = b
      else if (filter === 3) predicted = (a + b) >> 1
      else if (filter === 4) predicted = paeth(a, b, c)
      else return null
      out[at + x] = (row[x]! + predicted) & 0xff
    }
  }
  return out
}

/** Grey or RGB samples as `channels` channels: grey repeated into RGB, RGB to ITU-R 601 luma. */
function toChannels(pixels: Uint8Array, samples: number, channels: number): Uint8Array {
  if (samples === channels) return pixels
  if (samples === 3) return luma(pixels)
  const rgb = new Uint8Array(pixels.length * 3)
  for (let i = 0; i < pixels.length; i++) rgb.fill(pixels[i]!, 3 * i, 3 * i + 3)
  return rgb
}

/**
 * Decodes `bytes` (a PNG) to `shape` ([height, width, channels]) when it is a plain PNG of exactly
 * that size; null when it is not, or when anything about it is unusual (sharp then decides).
 */
export function decodePlainPng(
  bytes: Uint8Array,
  shape: readonly [number, number, number]
): Uint8Array | null {
  const chunks = readChunks(bytes)
  const header = chunks && chunks.length > 0 ? plainHeader(chunks[0]!) : null
  if (!chunks || !header || header.height !== shape[0] || header.width !== shape[1]) return null
  const compressed = imageData(chunks)
  if (!compressed) return null
  const stride = header.width * header.samples
  const expected = header.height * (stride + 1)
  let raw: Uint8Array
  try {
    raw = inflateSync(compressed, { maxOutputLength: expected + 1 })
  } catch {
    return null
  }
  if (raw.length !== expected) return null
  const pixels = unfilter(raw, header.height, stride, header.samples)
  return pixels && toChannels(pixels, header.samples, shape[2])
}
