/**
 * Pictures of a dataset for the UI: a few examples per class as PNG data URLs, and augmented
 * variants of a few training images, both from images that decoded (side files and broken
 * images are passed over, so every class with images shows some). Decoding goes through the
 * data module (same sniffing, limits and resize as training); encoding to PNG uses sharp.
 */
import type { AugmentationSpec } from '../contract/config/schema'
import { previewAugmentations } from '../data/augment/augment-preview'
import { decodeImageFile } from '../data/folder/decode-image'
import { sniffFile } from '../data/folder/sniff-file'
import { pngDataUrl, unitToBytes } from '../data/png-data-url'
import type { ScanResult, ScannedFile } from '../data/folder/scan-folder'
import type { AugmentPreview, ClassThumbnails } from '../contract/ipc/contract'

/** Training files of every class, by path, classes by name. Does not mutate `scan`. */
export function trainFilesByClass(scan: ScanResult): Map<string, ScannedFile[]> {
  const byClass = new Map<string, ScannedFile[]>()
  const train = scan.files
    .filter((f) => f.split === 'train')
    .sort((a, b) => (a.rel < b.rel ? -1 : 1))
  for (const file of train) {
    const list = byClass.get(file.className) ?? []
    list.push(file)
    byClass.set(file.className, list)
  }
  return new Map([...byClass].sort(([a], [b]) => a.localeCompare(b)))
}

/** Files sniffed (and decoded) at once while looking for a class's usable images. */
const IN_FLIGHT = 8

/** Decodes `path` to a size × size RGB square (cropped to cover); null when unusable. */
async function decodeSquare(path: string, size: number): Promise<Uint8Array | null> {
  if ((await sniffFile(path)) === null) return null
  try {
    return await decodeImageFile(path, [size, size, 3], 'cover')
  } catch {
    return null
  }
}

/**
 * The first `count` of `files` (in order) that decode, as size × size RGB squares: files that
 * are no image are passed over after one small read, broken ones after a failed decode.
 */
async function firstDecoded(
  files: readonly ScannedFile[],
  count: number,
  size: number
): Promise<{ file: ScannedFile; pixels: Uint8Array }[]> {
  const out: { file: ScannedFile; pixels: Uint8Array }[] = []
  for (let start = 0; start < files.length && out.length < count; start += IN_FLIGHT) {
    const batch = files.slice(start, start + IN_FLIGHT)
    const decoded = await Promise.all(batch.map((f) => decodeSquare(f.path, size)))
    decoded.forEach((pixels, i) => {
      if (pixels && out.length < count) out.push({ file: batch[i]!, pixels })
    })
  }
  return out
}

/** Up to `perClass` decoded images of every class that has one, classes by name. */
export async function usableExamples(
  scan: ScanResult,
  perClass: number,
  size: number
): Promise<{ name: string; images: { file: ScannedFile; pixels: Uint8Array }[] }[]> {
  const out: { name: string; images: { file: ScannedFile; pixels: Uint8Array }[] }[] = []
  for (const [name, files] of trainFilesByClass(scan)) {
    const images = await firstDecoded(files, perClass, size)
    if (images.length > 0) out.push({ name, images })
  }
  return out
}

/** Up to `perClass` thumbnails of every class that has usable images. */
export async function classThumbnails(
  scan: ScanResult,
  perClass: number,
  size: number
): Promise<ClassThumbnails[]> {
  const examples = await usableExamples(scan, perClass, size)
  return Promise.all(
    examples.map(async ({ name, images }) => ({
      name,
      images: await Promise.all(images.map((d) => pngDataUrl(d.pixels, size)))
    }))
  )
}

/**
 * `variants` augmented versions of `images` training examples (one per class in turn), as
 * PNG data URLs, the original first. Version k uses seed + k, as training does.
 */
export async function augmentationPreview(
  scan: ScanResult,
  spec: AugmentationSpec,
  options: { images: number; variants: number; size: number; seed: number }
): Promise<AugmentPreview[]> {
  const { size } = options
  // Enough per class for `images` originals spread over the classes, no more decodes than that.
  const classes = Math.max(1, trainFilesByClass(scan).size)
  const examples = await usableExamples(scan, Math.ceil(options.images / classes), size)
  const decoded = roundRobin(
    examples.map((e) => e.images.map((d) => ({ className: e.name, pixels: d.pixels }))),
    options.images
  )
  if (decoded.length === 0)
    throw new Error('No usable training image to preview augmentation with.')
  const batch = new Float32Array(decoded.length * size * size * 3)
  decoded.forEach((d, i) =>
    batch.set(
      Float32Array.from(d.pixels, (v) => v / 255),
      i * d.pixels.length
    )
  )
  const copies = previewAugmentations(
    batch,
    decoded.length,
    [size, size, 3],
    spec,
    options.variants,
    options.seed
  )
  const stride = size * size * 3
  return Promise.all(
    decoded.map(async (d, i) => ({
      className: d.className,
      original: await pngDataUrl(d.pixels, size),
      variants: await Promise.all(
        copies.map((copy) =>
          pngDataUrl(unitToBytes(copy.subarray(i * stride, (i + 1) * stride)), size)
        )
      )
    }))
  )
}

/** Takes items list by list in turn until `count` are taken. Does not mutate. */
function roundRobin<T>(lists: readonly (readonly T[])[], count: number): T[] {
  const out: T[] = []
  for (let i = 0; out.length < count && lists.some((l) => i < l.length); i++) {
    for (const list of lists) if (i < list.length && out.length < count) out.push(list[i]!)
  }
  return out
}
