/**
 * Writes a second real image folder with a look unlike Fashion-MNIST's: the colour 48×48 PNG
 * icons of Debian's faenza-icon-theme, one class per icon category (actions, apps, devices,
 * mimetypes, places, status), flattened onto white, as <out>/train/<category>/<name>.png and
 * <out>/test/<category>/<name>.png (every fifth icon of a category, by name, is a test image).
 * Icons the theme links under several names or categories are written once (the first
 * category, alphabetically, keeps them). Not committed: build it when you want it.
 *
 *   sudo apt-get install faenza-icon-theme
 *   npm run make-icons-folder -- [--out DIR] [--source DIR]
 *   (defaults: .cache/icons-folder, /usr/share/icons/Faenza)
 */
import { mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import sharp from 'sharp'

export const FAENZA_SOURCE = '/usr/share/icons/Faenza'
export const ICON_CATEGORIES = ['actions', 'apps', 'devices', 'mimetypes', 'places', 'status']
const SIZE = '48'

/** Every category's distinct icon files (real paths), a file linked twice kept once. */
async function iconFiles(source: string): Promise<Map<string, string[]>> {
  const seen = new Set<string>()
  const out = new Map<string, string[]>()
  for (const category of ICON_CATEGORIES) {
    const dir = join(source, category, SIZE)
    const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.png')).sort()
    const files: string[] = []
    for (const name of names) {
      const real = await realpath(join(dir, name)).catch(() => null)
      if (real === null || seen.has(real)) continue
      seen.add(real)
      files.push(real)
    }
    out.set(category, files)
  }
  return out
}

/** Writes the folder; returns the count per split. Throws when the theme is not installed. */
export async function makeIconsFolder(
  out: string,
  source = FAENZA_SOURCE
): Promise<{ train: number; test: number }> {
  const byCategory = await iconFiles(source)
  if ([...byCategory.values()].every((files) => files.length === 0))
    throw new Error(
      `${source} holds no ${SIZE}px icons. Install Debian's faenza-icon-theme (sudo apt-get install faenza-icon-theme) or give --source.`
    )
  await rm(out, { recursive: true, force: true })
  const counts = { train: 0, test: 0 }
  for (const [category, files] of byCategory) {
    for (const [i, file] of files.entries()) {
      const split = i % 5 === 4 ? 'test' : 'train'
      const dir = join(out, split, category)
      await mkdir(dir, { recursive: true })
      const png = await sharp(file).flatten({ background: '#ffffff' }).png().toBuffer()
      await writeFile(join(dir, `${String(i).padStart(4, '0')}.png`), png)
      counts[split] += 1
    }
  }
  return counts
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, source: { type: 'string' } },
    strict: true
  })
  const out = resolve(values.out ?? '.cache/icons-folder')
  const counts = await makeIconsFolder(out, values.source ?? FAENZA_SOURCE)
  console.log(`Wrote ${counts.train} training and ${counts.test} test icons to ${out}.`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((thrown: unknown) => {
    console.error(thrown instanceof Error ? thrown.message : String(thrown))
    process.exit(1)
  })
}
