/**
 * Recognizes an image file by its first bytes, not its name (a PNG called .jpg is a PNG), and
 * reads the dimensions a PNG, GIF or BMP header declares, so a decompression bomb is refused
 * before any pixel memory is allocated. SVG, a text format, is recognized by its <svg> tag.
 * Pure: bytes in, plain values out.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'bmp'

/** Bytes to read from the start of a file for `sniffFormat` and `declaredSize`. */
export const HEADER_BYTES = 32

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b)

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0))

/** The format whose signature starts `header`, or null when it is none we decode. Does not mutate. */
export function sniffFormat(header: Uint8Array): ImageFormat | null {
  if (startsWith(header, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(header, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(header, ascii('RIFF')) && startsWith(header, ascii('WEBP'), 8)) return 'webp'
  if (startsWith(header, ascii('GIF87a')) || startsWith(header, ascii('GIF89a'))) return 'gif'
  if (
    startsWith(header, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(header, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'tiff'
  }
  if (startsWith(header, ascii('BM')) && header.length >= 26) return 'bmp'
  return null
}

/**
 * Width and height the header declares (pixels), for formats whose first bytes hold them
 * (PNG IHDR, GIF logical screen, BMP info header); null for the others, whose size the decoder's
 * header-only metadata read reports instead. Does not mutate.
 */
export function declaredSize(
  format: ImageFormat,
  header: Uint8Array
): { width: number; height: number } | null {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  if (format === 'png' && header.length >= 24) {
    return { width: view.getUint32(16), height: view.getUint32(20) }
  }
  if (format === 'gif' && header.length >= 10) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) }
  }
  if (format === 'bmp' && header.length >= 26) {
    return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) }
  }
  return null
}

/** Bytes to read to recognize an SVG: its tag may follow an XML declaration, comments, a DOCTYPE. */
export const SVG_HEADER_BYTES = 4096

/**
 * True when `head` (a file's first bytes) is SVG text: markup from the first non-blank character
 * (after any byte-order mark), no NUL byte, and an `<svg` element. Does not mutate.
 */
export function isSvgText(head: Uint8Array): boolean {
  if (head.includes(0)) return false
  const text = new TextDecoder('utf-8')
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart()
  return text.startsWith('<') && /<svg[\s>/]/.test(text)
}

const endsWith = (bytes: Uint8Array, suffix: readonly number[]): boolean =>
  startsWith(bytes, suffix, bytes.length - suffix.length)

/**
 * True when a file of `format` visibly ends early: a JPEG without its end-of-image marker, a PNG
 * without IEND, a GIF without its trailer, a WebP shorter than its RIFF size. TIFF: never (its
 * layout has no fixed end). Does not mutate.
 */
export function isTruncated(format: ImageFormat, bytes: Uint8Array): boolean {
  let end = bytes.length
  while (end > 2 && bytes[end - 1] === 0) end -= 1 // some writers pad with zeros
  const body = bytes.subarray(0, end)
  if (format === 'jpeg') return !endsWith(body, [0xff, 0xd9])
  if (format === 'png') return !endsWith(bytes, [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
  if (format === 'gif') return !endsWith(body, [0x3b])
  if (format === 'webp' && bytes.length >= 8) {
    const riff = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true)
    return bytes.length < riff + 8
  }
  return false
}
