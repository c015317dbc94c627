/**
 * Decodes one image file into exactly the model's input shape with sharp (libvips): content
 * sniffing, a pixel-count limit checked from the header before decoding, EXIF orientation,
 * 8-bit sRGB (CMYK, 16-bit, palette and grey are converted), alpha flattened onto black, the
 * resize policy, and for one-channel models ITU-R 601 luma. SVG is rasterized at the input size
 * with no external resource loaded (svgInput). Plain PNGs already at the model's
 * size skip sharp (plain-png.ts: the same pixels for a fraction of the CPU). A file that cannot be used
 * throws an `UnusableImage` whose message is the reason a person reads in the skipped list.
 */
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import sharp, { type Sharp } from 'sharp'
import type { DataSpec } from '../../contract/config/schema'
import { decodeBmp, UnsupportedBmp } from './bmp-decode'
import {
  HEADER_BYTES,
  SVG_HEADER_BYTES,
  declaredSize,
  isSvgText,
  isTruncated,
  sniffFormat,
  type ImageFormat
} from './image-format'
import { luma } from './luma'
import { decodePlainPng } from './plain-png'

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
    // One read of the size just checked: readFile would stat again, and for the small files of
    // MNIST-like folders these calls are most of the main thread's time per image.
    const bytes = Buffer.allocUnsafe(info.size)
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0)
    return bytes.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

/** What checkHeader recognized: a raster format, or SVG text. */
type Recognized = ImageFormat | 'svg'

/** Refuses unknown content and declared sizes over the pixel limit. Returns the format. */
async function checkHeader(bytes: Buffer, limits: DecodeLimits): Promise<Recognized> {
  const header = bytes.subarray(0, HEADER_BYTES)
  const format = sniffFormat(header)
  if (format === null) {
    if (isSvgText(bytes.subarray(0, SVG_HEADER_BYTES))) return 'svg'
    throw new UnusableImage(
      'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF, BMP or SVG'
    )
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

/** sharp's density range (dots per inch at which an SVG is rendered; 72 is its own size). */
const DENSITY = { min: 1, max: 100_000, native: 72 }

/**
 * The density at which an SVG of `width`×`height` (its own size, CSS pixels) renders at least
 * as large as `shape` needs, so the resize afterwards only shrinks; throws UnusableImage when
 * that render would exceed the pixel limit (a very thin or very large drawing).
 */
export function svgDensity(
  width: number,
  height: number,
  shape: readonly [number, number, number],
  limits: DecodeLimits
): number {
  if (!(width > 0 && height > 0)) throw new UnusableImage('an SVG without a usable size')
  const scale = Math.max(shape[1] / width, shape[0] / height)
  const density = Math.min(DENSITY.max, Math.max(DENSITY.min, DENSITY.native * scale))
  const rendered = width * height * (density / DENSITY.native) ** 2
  if (rendered > limits.maxPixels) {
    throw new UnusableImage(
      `too large: an SVG of ${Math.round(width)}×${Math.round(height)} would render ` +
        `${(rendered / 1e6).toFixed(0)} megapixels, over the limit of ` +
        `${(limits.maxPixels / 1e6).toFixed(0)} (refused before rendering)`
    )
  }
  return density
}

/**
 * Rasterizes SVG text at the input size (librsvg through sharp). Given bytes, not a path,
 * librsvg has no base address and so loads no external file or URL an <image> or <use> names;
 * only data: URLs inside the document are drawn.
 */
function svgInput(
  bytes: Buffer,
  shape: readonly [number, number, number],
  limits: DecodeLimits
): Promise<Sharp> {
  return sharp(bytes, { failOn: 'error', limitInputPixels: limits.maxPixels })
    .metadata()
    .then(({ width = 0, height = 0 }) =>
      sharp(bytes, {
        failOn: 'error',
        limitInputPixels: limits.maxPixels,
        density: svgDensity(width, height, shape, limits)
      })
    )
}

/**
 * Which decoders may be used: `fastest` takes the plain-PNG path when a file allows it, `sharp`
 * always uses sharp (the tests and the bench compare the two).
 */
export type DecodeRoute = 'fastest' | 'sharp'

/**
 * Decodes `path` to uint8 pixels, row-major [height × width × channels] of `shape`, sRGB or
 * grey, 0–255. Throws UnusableImage with a readable reason when the file cannot be used.
 */
export async function decodeImageFile(
  path: string,
  shape: readonly [number, number, number],
  resize: ResizePolicy,
  limits: DecodeLimits = DEFAULT_LIMITS,
  route: DecodeRoute = 'fastest'
): Promise<Uint8Array> {
  let bytes: Buffer | null = null
  let format: Recognized | null = null
  try {
    bytes = await readImageFile(path, limits)
    format = await checkHeader(bytes, limits)
    if (format === 'svg')
      return await decodeBytes(await svgInput(bytes, shape, limits), shape, resize)
    const plain = route === 'fastest' && format === 'png' ? decodePlainPng(bytes, shape) : null
    return plain ?? (await decodeBytes(sharpInput(bytes, limits), shape, resize))
  } catch (error) {
    if (format === 'svg' && !(error instanceof UnusableImage)) {
      throw new UnusableImage(
        `broken SVG: ${reasonFor(error).replace(/^could not be decoded /, '')}`
      )
    }
    // libvips' message can be lost when decodes run concurrently; the bytes tell truncation apart
    if (
      bytes &&
      format &&
      format !== 'svg' &&
      isTruncated(format, bytes) &&
      !(error instanceof UnusableImage)
    ) {
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

/** The sharp pipeline proper, from a sharp instance reading a recognized image. */
async function decodeBytes(
  input: Sharp,
  shape: readonly [number, number, number],
  resize: ResizePolicy
): Promise<Uint8Array> {
  const [height, width, channels] = shape
  const { data, info } = await input
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
