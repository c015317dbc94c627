/**
 * Decodes one image file into exactly the model's input shape with sharp (libvips): content
 * sniffing, a pixel-count limit checked from the header before decoding, EXIF orientation,
 * 8-bit sRGB (CMYK, 16-bit, palette and grey are converted), alpha flattened onto black, the
 * resize policy, and for one-channel models ITU-R 601 luma. A file that cannot be used throws an
 * `UnusableImage` whose message is the reason a person reads in the skipped list.
 */
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import sharp, { type Sharp } from 'sharp'
import type { DataSpec } from '../../config/schema'
import { decodeBmp, UnsupportedBmp } from './bmp-decode'
import {
  HEADER_BYTES,
  declaredSize,
  isTruncated,
  sniffFormat,
  type ImageFormat
} from './image-format'

export type ResizePolicy = DataSpec['resize']

export interface DecodeLimits {
  /** Files larger than this are refused unread (bytes). */
  maxFileBytes: number
  /** Images declaring more pixels than this (width · height) are refused before decoding. */
  maxPixels: number
}

export const DEFAULT_LIMITS: DecodeLimits = { maxFileBytes: 256 * 2 ** 20, maxPixels: 50_000_000 }

/** A file that cannot become a training example; `message` is the reason shown to the user. */
export class UnusableImage extends Error {}

const FIT: Record<ResizePolicy, 'cover' | 'contain' | 'fill'> = {
  cover: 'cover',
  letterbox: 'contain',
  stretch: 'fill'
}
const BLACK = { r: 0, g: 0, b: 0, alpha: 1 }

/** Reads the whole file after checking its size; refuses non-regular and empty files. */
async function readImageFile(path: string, limits: DecodeLimits): Promise<Buffer> {
  // O_NONBLOCK: a named pipe put in place of a file must not block the decoder forever.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new UnusableImage('not a regular file')
    if (info.size === 0) throw new UnusableImage('empty file (0 bytes)')
    if (info.size > limits.maxFileBytes) {
      throw new UnusableImage(
        `too large: ${mib(info.size)} MiB on disk (the limit is ${mib(limits.maxFileBytes)} MiB)`
      )
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

/** Refuses unknown content and declared sizes over the pixel limit. Returns the format. */
async function checkHeader(bytes: Buffer, limits: DecodeLimits): Promise<ImageFormat> {
  const header = bytes.subarray(0, HEADER_BYTES)
  const format = sniffFormat(header)
  if (format === null) {
    throw new UnusableImage('not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP')
  }
  const size = declaredSize(format, header) ?? (await sharp(bytes, { failOn: 'none' }).metadata())
  const { width = 0, height = 0 } = size
  if (width * height > limits.maxPixels) {
    throw new UnusableImage(
      `too large: declares ${width}×${height} pixels, over the limit of ` +
        `${(limits.maxPixels / 1e6).toFixed(0)} megapixels (refused before decoding)`
    )
  }
  return format
}

/**
 * Decodes `path` to uint8 pixels, row-major [height × width × channels] of `shape`, sRGB or
 * grey, 0–255. Throws UnusableImage with a readable reason when the file cannot be used.
 */
export async function decodeImageFile(
  path: string,
  shape: readonly [number, number, number],
  resize: ResizePolicy,
  limits: DecodeLimits = DEFAULT_LIMITS
): Promise<Uint8Array> {
  let bytes: Buffer | null = null
  let format: ImageFormat | null = null
  try {
    bytes = await readImageFile(path, limits)
    format = await checkHeader(bytes, limits)
    return await decodeBytes(bytes, shape, resize, limits)
  } catch (error) {
    // libvips' message can be lost when decodes run concurrently; the bytes tell truncation apart
    if (bytes && format && isTruncated(format, bytes) && !(error instanceof UnusableImage)) {
      throw new UnusableImage(`truncated: the ${format.toUpperCase()} data ends early`)
    }
    throw new UnusableImage(reasonFor(error))
  }
}

/** A sharp instance reading `bytes`; BMP (which libvips cannot read) goes through decodeBmp. */
function sharpInput(bytes: Buffer, limits: DecodeLimits): Sharp {
  if (sniffFormat(bytes.subarray(0, HEADER_BYTES)) !== 'bmp') {
    return sharp(bytes, { failOn: 'truncated', limitInputPixels: limits.maxPixels })
  }
  try {
    const { pixels, width, height } = decodeBmp(bytes)
    return sharp(pixels, { raw: { width, height, channels: 3 } })
  } catch (error) {
    throw new UnusableImage(error instanceof UnsupportedBmp ? error.message : reasonFor(error))
  }
}

/** The sharp pipeline proper; `bytes` is a recognized image. */
async function decodeBytes(
  bytes: Buffer,
  shape: readonly [number, number, number],
  resize: ResizePolicy,
  limits: DecodeLimits
): Promise<Uint8Array> {
  const [height, width, channels] = shape
  const { data, info } = await sharpInput(bytes, limits)
    .rotate()
    .flatten({ background: BLACK })
    .resize(width, height, { fit: FIT[resize], position: 'centre', background: BLACK })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
  if (info.width !== width || info.height !== height || info.channels !== 3) {
    throw new UnusableImage(
      `decoded to ${info.width}×${info.height}×${info.channels}, not ${width}×${height}×3`
    )
  }
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return channels === 3 ? rgb : luma(rgb)
}

/**
 * Grey from 8-bit sRGB with the ITU-R 601 weights PIL's convert('L') uses (so a grayscale
 * model sees what Keras or torchvision would feed it). rgb: [pixels × 3]; returns [pixels].
 */
export function luma(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3)
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.round((299 * rgb[3 * i]! + 587 * rgb[3 * i + 1]! + 114 * rgb[3 * i + 2]!) / 1000)
  }
  return grey
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'unreadable: the file disappeared before it could be read',
  EACCES: 'unreadable: permission denied',
  EPERM: 'unreadable: operation not permitted',
  EISDIR: 'unreadable: it is a directory',
  EIO: 'unreadable: input/output error from the disk',
  ELOOP: 'unreadable: too many levels of symbolic links'
}

/** A sentence a person understands for anything a decode threw. Does not mutate. */
export function reasonFor(error: unknown): string {
  if (error instanceof UnusableImage) return error.message
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string') return SYSTEM_REASONS[code] ?? `unreadable: ${code}`
  const message = error instanceof Error ? error.message : String(error)
  const detail = message.split('\n')[0]
  if (/premature end|truncated|read error|unexpected end|not enough data|corrupt/i.test(message)) {
    return `corrupt image data (${detail})`
  }
  if (/pixel limit/i.test(message)) return 'too large: over the decoder pixel limit'
  if (/unsupported image format/i.test(message)) return 'not an image the decoder recognizes'
  return `could not be decoded (${detail})`
}
