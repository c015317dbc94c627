/**
 * A small decoder for the BMP files people actually have (uncompressed 16-, 24- and 32-bit,
 * 8-bit paletted, and BI_BITFIELDS files whose colour masks say where each channel sits),
 * because libvips, which sharp bundles, cannot read BMP. Pure: bytes in, RGB out.
 */

export interface RawImage {
  /** Row-major RGB, top row first. */
  pixels: Uint8Array
  width: number
  height: number
}

/** Thrown for a BMP this decoder does not handle; the message is the user-facing reason. */
export class UnsupportedBmp extends Error {}

const TRUNCATED = 'truncated: the BMP data ends early'
/** BI_RGB (uncompressed) and BI_BITFIELDS (uncompressed, channels placed by masks). */
const BI_RGB = 0
const BI_BITFIELDS = 3

/** One channel's place in a pixel value: AND with `mask`, shift right, scale to 0..255. */
interface Channel {
  mask: number
  shift: number
  max: number
}

function channel(mask: number): Channel {
  const m = mask >>> 0
  if (m === 0) return { mask: 0, shift: 0, max: 1 }
  let shift = 0
  while (((m >>> shift) & 1) === 0) shift++
  return { mask: m, shift, max: m >>> shift }
}

/** Where R, G and B sit: the file's masks for BI_BITFIELDS, else the format's fixed layout. */
function channels(view: DataView, bits: number, compression: number): Channel[] {
  if (compression === BI_BITFIELDS) {
    // The masks follow the 40-byte header, or are its V4/V5 extension: same offsets.
    if (view.byteLength < 66) throw new UnsupportedBmp(TRUNCATED)
    return [54, 58, 62].map((at) => channel(view.getUint32(at, true)))
  }
  return bits === 16
    ? [channel(0x7c00), channel(0x03e0), channel(0x001f)]
    : [channel(0xff0000), channel(0xff00), channel(0xff)]
}

/**
 * Decodes an uncompressed BMP to RGB (alpha dropped). Throws UnsupportedBmp, whose message is
 * the reason shown, for compressed or unusual variants and for truncated files. Does not mutate.
 */
export function decodeBmp(bytes: Uint8Array): RawImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 30) throw new UnsupportedBmp(TRUNCATED)
  const dataOffset = view.getUint32(10, true)
  const infoSize = view.getUint32(14, true)
  if (bytes.length < 14 + Math.min(infoSize, 40)) throw new UnsupportedBmp(TRUNCATED)
  const width = view.getInt32(18, true)
  const rawHeight = view.getInt32(22, true)
  const bits = view.getUint16(28, true)
  const compression = infoSize >= 40 ? view.getUint32(30, true) : BI_RGB
  const height = Math.abs(rawHeight)
  const masked = compression === BI_BITFIELDS && (bits === 16 || bits === 32)
  if (
    !(compression === BI_RGB || masked) ||
    ![8, 16, 24, 32].includes(bits) ||
    width <= 0 ||
    height === 0
  ) {
    throw new UnsupportedBmp(
      `BMP variant not supported (${bits} bits per pixel, compression ${compression}); convert it to PNG`
    )
  }
  const stride = Math.ceil((width * bits) / 32) * 4
  if (dataOffset + stride * height > bytes.length) throw new UnsupportedBmp(TRUNCATED)
  const palette =
    bits === 8
      ? readPalette(view, 14 + infoSize, infoSize >= 40 ? view.getUint32(46, true) : 0)
      : null
  const masks = bits === 8 ? [] : channels(view, bits, compression)
  const pixels = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3
      if (palette) pixels.set(palette.subarray(bytes[row + x]! * 3, bytes[row + x]! * 3 + 3), out)
      else writePixel(view, row + x * (bits / 8), bits, masks, pixels, out)
    }
  }
  return { pixels, width, height }
}

/** One 16-, 24- or 32-bit pixel at `at`, its channels placed by `masks`, as RGB at `out`. */
function writePixel(
  view: DataView,
  at: number,
  bits: number,
  masks: readonly Channel[],
  pixels: Uint8Array,
  out: number
): void {
  const value =
    bits === 16
      ? view.getUint16(at, true)
      : bits === 24
        ? view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getUint8(at + 2) << 16)
        : view.getUint32(at, true)
  for (let c = 0; c < 3; c++) {
    const { mask, shift, max } = masks[c]!
    pixels[out + c] = Math.round(((((value >>> 0) & mask) >>> shift) * 255) / max)
  }
}

/** The colour table as RGB triples (256 entries; unused ones black). */
function readPalette(view: DataView, at: number, used: number): Uint8Array {
  const count = used === 0 ? 256 : Math.min(used, 256)
  const rgb = new Uint8Array(256 * 3)
  for (let i = 0; i < count && at + i * 4 + 3 <= view.byteLength; i++) {
    rgb[i * 3] = view.getUint8(at + i * 4 + 2)
    rgb[i * 3 + 1] = view.getUint8(at + i * 4 + 1)
    rgb[i * 3 + 2] = view.getUint8(at + i * 4)
  }
  return rgb
}
