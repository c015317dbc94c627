/**
 * Pictures of a dataset for the UI: a few examples per class as PNG data URLs, and augmented
 * variants of a few training images. Decoding goes through the data module (same sniffing,
 * limits and resize as training); encoding to PNG uses sharp.
 */
import type { AugmentationSpec } from '../contract/config/schema'
import { previewAugmentations } from '../data/augment/augment-preview'
import { decodeImageFile } from '../data/folder/decode-image'
import { pngDataUrl, unitToBytes } from '../data/png-data-url'
import type { ScanResult, ScannedFile } from '../data/folder/scan-folder'
import type { AugmentPreview, ClassThumbnails } from '../contract/ipc/contract'

/** The first `perClass` training files of every class, by path. Does not mutate `scan`. */
export function examplesPerClass(scan: ScanResult, perClass: number): Map<string, ScannedFile[]> {
  const byClass = new Map<string, ScannedFile[]>()
  const train = scan.files
    .filter((f) => f.split === 'train')
    .sort((a, b) => (a.rel < b.rel ? -1 : 1))
  for (const file of train) {
    const list = byClass.get(file.className) ?? []
    if (list.length < perClass) list.push(file)
    byClass.set(file.className, list)
  }
  return new Map([...byClass].sort(([a], [b]) => a.localeCompare(b)))
}

/** Decodes `path` to a size × size RGB square (cropped to cover); null when unusable. */
async function decodeSquare(path: string, size: number): Promise<Uint8Array | null> {
  try {
    return await decodeImageFile(path, [size, size, 3], 'cover')
  } catch {
    return null
  }
}

/** Up to `perClass` thumbnails of every class; unusable files are left out. */
export async function classThumbnails(
  scan: ScanResult,
  perClass: number,
  size: number
): Promise<ClassThumbnails[]> {
  const out: ClassThumbnails[] = []
  for (const [name, files] of examplesPerClass(scan, perClass)) {
    const decoded = await Promise.all(files.map((f) => decodeSquare(f.path, size)))
    const usable = decoded.filter((d): d is Uint8Array => d !== null)
    out.push({ name, images: await Promise.all(usable.map((p) => pngDataUrl(p, size))) })
  }
  return out
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
  const picks = roundRobin(examplesPerClass(scan, options.images), options.images)
  const decoded: { className: string; pixels: Uint8Array }[] = []
  for (const file of picks) {
    const pixels = await decodeSquare(file.path, size)
    if (pixels) decoded.push({ className: file.className, pixels })
  }
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

/** Takes files class by class in turn until `count` are taken. */
function roundRobin(byClass: Map<string, ScannedFile[]>, count: number): ScannedFile[] {
  const lists = [...byClass.values()]
  const out: ScannedFile[] = []
  for (let i = 0; out.length < count && lists.some((l) => i < l.length); i++) {
    for (const list of lists) if (i < list.length && out.length < count) out.push(list[i]!)
  }
  return out
}
