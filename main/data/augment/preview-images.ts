/**
 * Picks the images an augmentation preview shows: the first usable image of each class of a
 * folder (in class order), decoded to the model's input shape exactly as training sees them.
 */
import type { DataSpec } from '../../contract/config/schema'
import { decodeImageFile } from '../folder/decode-image'
import { scanFolder } from '../folder/scan-folder'

export interface PreviewImages {
  /** NHWC float32 in [0, 1], count × h × w × c. */
  pixels: Float32Array
  count: number
  /** "<class>/<file>" of each image, relative to the folder's class root. */
  names: string[]
}

/**
 * Up to `count` images of `root`, one per class first (then further images round-robin).
 * Unusable files are passed over. Throws when the folder holds no usable image.
 */
export async function choosePreviewImages(
  root: string,
  shape: readonly [number, number, number],
  resize: DataSpec['resize'],
  count: number
): Promise<PreviewImages> {
  const scan = await scanFolder(root)
  const byClass = new Map<string, typeof scan.files>()
  for (const file of scan.files.filter((f) => f.split === 'train')) {
    const files = byClass.get(file.className)
    if (files) files.push(file)
    else byClass.set(file.className, [file])
  }
  const queues = [...byClass.keys()].sort().map((name) => byClass.get(name) ?? [])
  const size = shape[0] * shape[1] * shape[2]
  const chosen: { name: string; pixels: Uint8Array }[] = []
  for (let round = 0; chosen.length < count && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const file = queue[round]
      if (!file || chosen.length >= count) continue
      const pixels = await decodeImageFile(file.path, shape, resize).catch(() => null)
      if (pixels) chosen.push({ name: `${file.className}/${file.rel.split('/').at(-1)}`, pixels })
    }
  }
  if (chosen.length === 0) throw new Error(`${root} holds no usable image to preview.`)
  const pixels = new Float32Array(chosen.length * size)
  chosen.forEach((c, i) => c.pixels.forEach((v, k) => (pixels[i * size + k] = v / 255)))
  return { pixels, count: chosen.length, names: chosen.map((c) => c.name) }
}
