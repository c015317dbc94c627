/**
 * Looks at a sample of a folder's training images without decoding them at any input size:
 * each one's size (from the header, EXIF orientation applied) and whether its pixels carry
 * colour (a 16×16 thumbnail whose channels differ). Feeds the input-shape rule. The sample is
 * of images only: files are visited in an order spread over the whole folder, and side files
 * (sounds, text) are passed over after one small read, until SHAPE_SAMPLE images are seen.
 */
import sharp from 'sharp'
import { DEFAULT_LIMITS, decodeImageFile } from './decode-image'
import { declaredSize } from './image-format'
import { sniffFile, spreadOrder } from './sniff-file'
import type { DataSpec } from '../../contract/config/schema'
import {
  deriveInputShape,
  type ImageLook,
  type ShapeDerivation
} from '../../contract/config/input-shape'
import { scanFolder, throwIfCancelled, type ScannedFile } from './scan-folder'

/** Most images the rule looks at: evenly spread over the training files. */
export const SHAPE_SAMPLE = 200
/** Mean per-pixel channel spread (0–255) above which a thumbnail counts as colour. */
const COLOUR_SPREAD = 6
const THUMB = 16
const IN_FLIGHT = 8

/** Width and height as shown (EXIF orientations 5–8 swap them); null when no image or unreadable. */
async function displayedSize(path: string): Promise<[number, number] | null> {
  const sniffed = await sniffFile(path)
  if (sniffed === null) return null
  // PNG, GIF and BMP declare their size up front; the others need the decoder's header read.
  const declared = sniffed.format === 'svg' ? null : declaredSize(sniffed.format, sniffed.header)
  if (declared) return [declared.width, declared.height]
  const meta = await sharp(path, {
    failOn: 'none',
    limitInputPixels: DEFAULT_LIMITS.maxPixels
  }).metadata()
  const { width = 0, height = 0, orientation = 1 } = meta
  if (width === 0 || height === 0) return null
  return orientation >= 5 ? [height, width] : [width, height]
}

/** True when the thumbnail's channels differ on average by more than COLOUR_SPREAD. */
export function isColour(rgb: Uint8Array): boolean {
  let spread = 0
  for (let i = 0; i < rgb.length; i += 3) {
    const r = rgb[i]!
    const g = rgb[i + 1]!
    const b = rgb[i + 2]!
    spread += Math.max(r, g, b) - Math.min(r, g, b)
  }
  return spread / (rgb.length / 3) > COLOUR_SPREAD
}

/** The look of one file, or null when it is not a usable image (the decode pass says why). */
async function lookAt(path: string): Promise<ImageLook | null> {
  try {
    const size = await displayedSize(path)
    if (size === null) return null
    const thumb = await decodeImageFile(path, [THUMB, THUMB, 3], 'stretch')
    return { width: size[0], height: size[1], colour: isColour(thumb) }
  } catch {
    return null
  }
}

/**
 * Looks at up to SHAPE_SAMPLE usable images among the training files of `files`, visited in
 * spreadOrder; files that are no usable image are left out and do not count.
 */
export async function lookAtImages(
  files: readonly ScannedFile[],
  signal?: AbortSignal
): Promise<ImageLook[]> {
  const train = files.filter((f) => f.split === 'train')
  const order = spreadOrder(train.length)
  const looks: ImageLook[] = []
  for (let start = 0; start < order.length && looks.length < SHAPE_SAMPLE; start += IN_FLIGHT) {
    throwIfCancelled(signal)
    const batch = order.slice(start, start + IN_FLIGHT).map((i) => train[i]!)
    for (const look of await Promise.all(batch.map((f) => lookAt(f.path)))) {
      if (look && looks.length < SHAPE_SAMPLE) looks.push(look)
    }
  }
  return looks
}

/** Scans `root` and derives its input shape by input-shape.ts's rule. Throws a readable Error. */
export async function folderInputShape(
  root: string,
  resize: DataSpec['resize'],
  signal?: AbortSignal
): Promise<ShapeDerivation> {
  const scan = await scanFolder(root, () => {}, signal)
  return deriveInputShape(await lookAtImages(scan.files, signal), resize)
}
