/**
 * What a file is, from its first bytes only: a raster image format, SVG text, or nothing we
 * decode. Lets the thumbnail grid and the size sample pass over thousands of sound and text
 * files beside a class's pictures at the cost of one small read each, instead of reading and
 * decoding every one.
 */
import { open } from 'node:fs/promises'
import {
  HEADER_BYTES,
  SVG_HEADER_BYTES,
  isSvgText,
  sniffFormat,
  type ImageFormat
} from './image-format'

export interface Sniffed {
  format: ImageFormat | 'svg'
  /** The file's first bytes (at most SVG_HEADER_BYTES). */
  header: Uint8Array
}

/** The file's image format and first bytes, or null when it is no image or cannot be read. */
export async function sniffFile(path: string): Promise<Sniffed | null> {
  let header: Uint8Array
  try {
    const handle = await open(path, 'r')
    try {
      const buffer = new Uint8Array(SVG_HEADER_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, SVG_HEADER_BYTES, 0)
      header = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch {
    return null
  }
  const format = sniffFormat(header.subarray(0, HEADER_BYTES))
  if (format) return { format, header }
  return isSvgText(header) ? { format: 'svg', header } : null
}

/**
 * Indices 0..n-1 in an order whose every prefix is spread evenly over the range (steps of the
 * golden ratio, a low-discrepancy sequence): taking the first k usable items samples the whole
 * folder, not its first folder. Pure.
 */
export function spreadOrder(n: number): number[] {
  if (n <= 2) return Array.from({ length: n }, (_, i) => i)
  let step = Math.max(1, Math.round(n * 0.6180339887))
  while (gcd(step, n) !== 1) step += 1
  return Array.from({ length: n }, (_, k) => (k * step) % n)
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
