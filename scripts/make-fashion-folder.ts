/**
 * Writes Fashion-MNIST from Debian's dataset-fashion-mnist package (IDX files) as an image
 * folder: <out>/train/<class>/<index>.png and <out>/test/<class>/<index>.png, 28×28 grey PNGs.
 * With no limits it writes all 60,000 + 10,000 images (the accuracy benchmark's folder; not
 * committed). make-sample.ts uses it for the bundled class-balanced subset.
 *
 *   npm run make-fashion-folder -- [--out DIR] [--source DIR]
 *   (defaults: .cache/fashion-mnist-folder, /usr/share/datasets/fashion-mnist)
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import sharp from 'sharp'

export const DEBIAN_SOURCE = '/usr/share/datasets/fashion-mnist'

/** Fashion-MNIST's ten labels in label-index order, as filesystem-safe folder names. */
export const FASHION_CLASSES = [
  't-shirt-top',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle-boot'
] as const

interface Idx {
  images: Uint8Array
  labels: Uint8Array
  count: number
}

/** Reads one IDX image file and its label file (gzip), checking the magic numbers. */
export async function readIdx(source: string, prefix: 'train' | 't10k'): Promise<Idx> {
  const images = gunzipSync(await readFile(join(source, `${prefix}-images-idx3-ubyte.gz`)))
  const labels = gunzipSync(await readFile(join(source, `${prefix}-labels-idx1-ubyte.gz`)))
  if (images.readUInt32BE(0) !== 0x803 || labels.readUInt32BE(0) !== 0x801) {
    throw new Error(`${source}: ${prefix} files are not IDX images/labels`)
  }
  const count = images.readUInt32BE(4)
  if (
    images.readUInt32BE(8) !== 28 ||
    images.readUInt32BE(12) !== 28 ||
    labels.readUInt32BE(4) !== count
  ) {
    throw new Error(`${source}: ${prefix} files do not hold matching 28×28 images and labels`)
  }
  return { images: images.subarray(16), labels: labels.subarray(8), count }
}

/** Indices of the first `perClass` examples of every class, in file order (all when undefined). */
export function firstPerClass(labels: Uint8Array, perClass: number | undefined): number[] {
  const taken = new Array<number>(FASHION_CLASSES.length).fill(0)
  const chosen: number[] = []
  labels.forEach((label, i) => {
    const count = taken[label]
    if (count === undefined)
      throw new Error(`Example ${i} has label ${label}; Fashion-MNIST labels are 0..9.`)
    if (perClass !== undefined && count >= perClass) return
    taken[label] = count + 1
    chosen.push(i)
  })
  return chosen
}

/** Writes the chosen examples of one split as PNGs, a few encodes at a time. Returns the count. */
async function writeSplit(idx: Idx, chosen: number[], dir: string): Promise<number> {
  for (const name of FASHION_CLASSES) await mkdir(join(dir, name), { recursive: true })
  let next = 0
  const worker = async () => {
    while (next < chosen.length) {
      const i = chosen[next++]!
      const pixels = idx.images.subarray(i * 784, (i + 1) * 784)
      const png = await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } })
        .toColourspace('b-w')
        .png({ compressionLevel: 9, adaptiveFiltering: true })
        .toBuffer()
      const file = join(dir, FASHION_CLASSES[idx.labels[i]!]!, `${String(i).padStart(5, '0')}.png`)
      await writeFile(file, png)
    }
  }
  await Promise.all(Array.from({ length: availableParallelism() * 2 }, worker))
  return chosen.length
}

/** Replaces `out` with train/ and test/ class folders; limits are per class (all when absent). */
export async function writeFashionFolder(
  out: string,
  options: { source?: string; trainPerClass?: number; testPerClass?: number } = {}
): Promise<{ train: number; test: number }> {
  const source = options.source ?? DEBIAN_SOURCE
  const train = await readIdx(source, 'train').catch((error: Error) => {
    throw new Error(
      `${error.message}. Install Debian's dataset-fashion-mnist or pass --source DIR.`
    )
  })
  const test = await readIdx(source, 't10k')
  await rm(join(out, 'train'), { recursive: true, force: true })
  await rm(join(out, 'test'), { recursive: true, force: true })
  return {
    train: await writeSplit(
      train,
      firstPerClass(train.labels, options.trainPerClass),
      join(out, 'train')
    ),
    test: await writeSplit(
      test,
      firstPerClass(test.labels, options.testPerClass),
      join(out, 'test')
    )
  }
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, source: { type: 'string' } } })
  const out = resolve(values.out ?? '.cache/fashion-mnist-folder')
  const started = performance.now()
  const counts = await writeFashionFolder(out, { source: values.source })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`Wrote ${counts.train} train + ${counts.test} test PNGs to ${out} in ${seconds} s.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: Error) => {
    console.error(error.message)
    process.exitCode = 1
  })
}
