/**
 * A small decoder for the BMP files people actually have (uncompressed 24- and 32-bit, and 8-bit
 * paletted), because libvips, which sharp bundles, cannot read BMP. Pure: bytes in, RGB out.
 */

export interface RawImage {
  /** Row-major RGB, top row first. */
  pixels: Uint8Array
  width: number
  height: number
}

/** Thrown for a BMP this decoder does not handle; the message is the user-facing reason. */
export class UnsupportedBmp extends Error {}

/**
 * Decodes an uncompressed BMP to RGB (alpha dropped). Throws UnsupportedBmp for compressed or
 * unusual variants and RangeError-free bounds checks for truncated files. Does not mutate.
 */
export function decodeBmp(bytes: Uint8Array): RawImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const dataOffset = view.getUint32(10, true)
  const infoSize = view.getUint32(14, true)
  const width = view.getInt32(18, true)
  const rawHeight = view.getInt32(22, true)
  const bits = view.getUint16(28, true)
  const compression = infoSize >= 40 ? view.getUint32(30, true) : 0
  const height = Math.abs(rawHeight)
  const plain = compression === 0 || (compression === 3 && bits === 32)
  if (!plain || ![8, 24, 32].includes(bits) || width <= 0 || height === 0) {
    throw new UnsupportedBmp(
      `BMP variant not supported (${bits} bits per pixel, compression ${compression}); convert it to PNG`
    )
  }
  const stride = Math.ceil((width * bits) / 32) * 4
  if (dataOffset + stride * height > bytes.length) {
    throw new UnsupportedBmp('truncated: the BMP data ends early')
  }
  const palette =
    bits === 8
      ? readPalette(view, 14 + infoSize, infoSize >= 40 ? view.getUint32(46, true) : 0)
      : null
  const pixels = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride
    for (let x = 0; x < width; x++) {
      const out = (y * width + x) * 3
      if (palette) {
        pixels.set(palette.subarray(bytes[row + x] * 3, bytes[row + x] * 3 + 3), out)
      } else {
        const at = row + x * (bits / 8)
        pixels[out] = bytes[at + 2]
        pixels[out + 1] = bytes[at + 1]
        pixels[out + 2] = bytes[at]
      }
    }
  }
  return { pixels, width, height }
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
