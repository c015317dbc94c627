/**
 * `npm run augment-preview -- --data DIR|sample --config FILE|--preset NAME --out DIR`:
 * writes, for a few images of the folder, the original and N augmented versions as PNG files
 * (exactly what training batches see), plus sheet.png with one row per image.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import sharp from 'sharp'
import { presetConfig, unknownPresetMessage } from '../config/presets'
import type { RunConfig } from '../contract/config/schema'
import { parseRunConfig } from '../contract/config/validate'
import { parseBoundedJson } from '../contract/json-lines'
import { previewAugmentations } from '../data/augment/augment-preview'
import { choosePreviewImages } from '../data/augment/preview-images'
import { folderInputShape } from '../data/folder/look-at-images'
import { sampleDatasetRoot } from '../data/folder/sample'
import { messageOf } from '../contract/result'
import { checkWritableFolder } from '../runs/run-writer'

const USAGE = `Usage: npm run augment-preview -- --config FILE | --preset NAME [options]
  --data <folder|sample>  images to preview (default: sample)
  --config FILE           run configuration JSON whose data.augmentation is previewed
  --preset NAME           a bundled preset instead of --config (e.g. augment)
  --out DIR               where the PNG files go (default: augment-preview)
  --images N              how many images, one per class first (default: 4)
  --copies N              augmented versions of each (default: 8)
  --seed S                first augmentation seed (default: the config's training seed)`

async function loadConfig(values: { config?: string; preset?: string }): Promise<RunConfig> {
  if (values.preset) {
    const config = presetConfig(values.preset)
    if (!config) throw new Error(unknownPresetMessage(values.preset))
    return config
  }
  if (!values.config) throw new Error(`Give --config FILE or --preset NAME.\n${USAGE}`)
  const text = await readFile(values.config, 'utf8').catch((thrown: unknown) => {
    throw new Error(`Cannot read the configuration file ${values.config}: ${messageOf(thrown)}`, {
      cause: thrown
    })
  })
  let input: unknown
  try {
    input = parseBoundedJson(text)
  } catch (thrown) {
    throw new Error(
      `The configuration file ${values.config} is not valid JSON: ${messageOf(thrown)}`,
      { cause: thrown }
    )
  }
  const parsed = parseRunConfig(input)
  if (!parsed.ok) throw new Error(`${values.config}: ${parsed.error}`)
  return parsed.value
}

const count = (text: string | undefined, fallback: number, flag: string): number => {
  const n = text === undefined ? fallback : Number(text)
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`--${flag} must be a whole number from 1 to 64.`)
  return n
}

/** One image (float32 [0, 1], h × w × c) as PNG bytes. */
function png(values: Float32Array, [h, w, c]: readonly [number, number, number]): Promise<Buffer> {
  const bytes = Buffer.from(Uint8Array.from(values, (v) => Math.round(v * 255)))
  return sharp(bytes, { raw: { width: w, height: h, channels: c as 1 | 3 } })
    .png()
    .toBuffer()
}

/** A grid: one row per image, the original then its versions, scaled up to cells ≥ 96 px. */
async function sheet(
  tiles: Buffer[][],
  [h, w]: readonly [number, number, number]
): Promise<Buffer> {
  const scale = Math.max(1, Math.ceil(96 / Math.max(h, w)))
  const [cw, ch] = [w * scale + 4, h * scale + 4]
  const composites = await Promise.all(
    tiles.flatMap((row, r) =>
      row.map(async (tile, k) => ({
        input: await sharp(tile)
          .resize(w * scale, h * scale, { kernel: 'nearest' })
          .png()
          .toBuffer(),
        left: k * cw + 2,
        top: r * ch + 2
      }))
    )
  )
  const background = { r: 40, g: 40, b: 48 }
  return sharp({
    create: {
      width: cw * (tiles[0]?.length ?? 0),
      height: ch * tiles.length,
      channels: 3,
      background
    }
  })
    .composite(composites)
    .png()
    .toBuffer()
}

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  preset: { type: 'string' },
  out: { type: 'string' },
  images: { type: 'string' },
  copies: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean' }
} as const

/** The flags of `argv`; an unknown or malformed one throws its message and a pointer to --help. */
function parsedArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true })
  } catch (thrown) {
    throw new Error(`${messageOf(thrown)}. See --help.`, { cause: thrown })
  }
}

/** Writes the preview files; returns the paths written. Throws a readable Error. */
export async function augmentPreview(argv: readonly string[]): Promise<string[]> {
  const { values } = parsedArgs(argv)
  const config = await loadConfig(values)
  const spec = config.data.augmentation
  if (!spec)
    throw new Error('The configuration has no data.augmentation: there is nothing to preview.')
  const root = !values.data || values.data === 'sample' ? sampleDatasetRoot() : resolve(values.data)
  const shape = config.model.inputShape ?? (await folderInputShape(root, config.data.resize)).shape
  const chosen = await choosePreviewImages(
    root,
    shape,
    config.data.resize,
    count(values.images, 4, 'images')
  )
  const copies = count(values.copies, 8, 'copies')
  const seed = values.seed === undefined ? config.training.seed : Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error('--seed must be a whole number.')
  await tf.setBackend('cpu')
  const versions = previewAugmentations(chosen.pixels, chosen.count, shape, spec, copies, seed)
  const out = resolve(values.out ?? 'augment-preview')
  await checkWritableFolder(out, 'the preview')
  const size = shape[0] * shape[1] * shape[2]
  const written: string[] = []
  const tiles: Buffer[][] = []
  for (let i = 0; i < chosen.count; i++) {
    const slice = (a: Float32Array) => a.subarray(i * size, (i + 1) * size)
    const row = [
      await png(slice(chosen.pixels), shape),
      ...(await Promise.all(versions.map((v) => png(slice(v), shape))))
    ]
    const stem = `${String(i + 1).padStart(2, '0')}-${(chosen.names[i] ?? `image-${i + 1}`).replace(/\.[^./]+$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_')}`
    for (const [k, bytes] of row.entries()) {
      const file = join(
        out,
        `${stem}-${k === 0 ? 'original' : `aug-${String(k).padStart(2, '0')}`}.png`
      )
      await writeFile(file, bytes)
      written.push(file)
    }
    tiles.push(row)
  }
  const sheetFile = join(out, 'sheet.png')
  await writeFile(sheetFile, await sheet(tiles, shape))
  return [...written, sheetFile]
}

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  try {
    const written = await augmentPreview(process.argv.slice(2))
    console.log(
      `Wrote ${written.length} PNG files to ${join(written[0] ?? '.', '..')} (overview: sheet.png).`
    )
    return 0
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return 1
  }
}

if (process.argv[1]?.endsWith('augment-preview.ts')) {
  process.exitCode = await main()
}
