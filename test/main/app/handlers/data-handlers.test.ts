import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AugmentPreview,
  ClassThumbnails,
  DatasetOverview,
  FolderListing,
  RecentFolder
} from '../../../../main/contract/ipc/contract'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'
import { appFixture, errorOf, valueOf, type AppFixture } from '../app-fixture'

let outside: string
let root: string
let app: AppFixture

/** Writes a w×h PNG of one grey level. */
async function png(path: string, level: number) {
  const pixels = Buffer.alloc(12 * 12 * 3, level)
  await writeFile(
    path,
    await sharp(pixels, { raw: { width: 12, height: 12, channels: 3 } })
      .png()
      .toBuffer()
  )
}

beforeAll(async () => {
  outside = await tempDir('outside')
  root = await tempDir('root')
  for (const cls of ['cats', 'dogs']) {
    await mkdir(join(root, 'pets', cls), { recursive: true })
    for (let i = 0; i < 3; i++)
      await png(join(root, 'pets', cls, `${i}.png`), cls === 'cats' ? 40 : 200)
  }
  await mkdir(join(outside, 'secret', 'a'), { recursive: true })
  await png(join(outside, 'secret', 'a', 'x.png'), 1)
  // A link inside the root that points out of it.
  await symlink(join(outside, 'secret'), join(root, 'escape'))
  app = await appFixture({ mode: 'browser', dataRoots: [root] })
})
afterAll(async () => {
  await app.cleanup()
  await removeTempDirs()
})

describe('data handlers (browser mode)', () => {
  it('scans a folder under a data root: classes, counts and total', async () => {
    const o = valueOf<DatasetOverview>(
      await app.call('data:scan', { source: { kind: 'folder', path: join(root, 'pets') } })
    )
    expect(o.classes).toEqual(['cats', 'dogs'])
    expect(o.counts).toEqual({ all: { cats: 3, dogs: 3 } })
    expect(o.total).toBe(6)
  })

  it('scans the bundled sample with its train and test splits', async () => {
    const o = valueOf<DatasetOverview>(await app.call('data:scan', { source: { kind: 'sample' } }))
    expect(o.classes).toHaveLength(10)
    expect(Object.keys(o.counts)).toContain('train')
    expect(o.total).toBeGreaterThan(100)
  })

  it('refuses folders outside the data roots, `..` escapes, symlink escapes and relative paths', async () => {
    const attempts = [
      outside,
      join(root, '..'),
      join(root, 'pets', '..', '..', outside.split('/').pop()!),
      join(root, 'escape'),
      join(root, 'escape', 'a'),
      '/',
      'pets'
    ]
    for (const path of attempts) {
      const error = errorOf(await app.call('data:scan', { source: { kind: 'folder', path } }))
      expect(error).toMatch(/outside the data roots|not an absolute path/)
    }
    expect(
      errorOf(await app.call('data:thumbnails', { source: { kind: 'folder', path: outside } }))
    ).toMatch(/outside/)
    expect(errorOf(await app.call('data:browse', { path: join(root, 'escape') }))).toMatch(
      /outside/
    )
  })

  it('says plainly when a folder does not exist', async () => {
    const error = errorOf(
      await app.call('data:scan', { source: { kind: 'folder', path: join(root, 'nope') } })
    )
    expect(error).toMatch(/does not exist/)
  })

  it('has no folder dialog in browser mode and grants nothing on drop', async () => {
    expect(errorOf(await app.call('data:open-dialog'))).toMatch(/no folder dialog in browser mode/)
    expect(errorOf(await app.call('data:drop', { path: outside }))).toMatch(
      /outside the data roots/
    )
  })

  it('browses from the roots down, never above a root', async () => {
    const top = valueOf<FolderListing>(await app.call('data:browse', {}))
    expect(top.path).toBeNull()
    expect(top.entries.map((e) => e.path)).toContain(app.ctx.sampleRoot)
    const inRoot = valueOf<FolderListing>(await app.call('data:browse', { path: root }))
    expect(inRoot.parent).toBeNull()
    expect(inRoot.entries.map((e) => e.name)).toEqual(['pets'])
    const pets = valueOf<FolderListing>(await app.call('data:browse', { path: join(root, 'pets') }))
    expect(pets.parent).toBe(inRoot.path)
    expect(pets.entries.map((e) => e.name)).toEqual(['cats', 'dogs'])
  })

  it('remembers scanned folders as recent, newest first', async () => {
    await app.call('data:scan', { source: { kind: 'folder', path: join(root, 'pets') } })
    const recent = valueOf<RecentFolder[]>(await app.call('data:recent'))
    expect(recent[0]!.name).toBe('pets')
    expect(new Set(recent.map((r) => r.path)).size).toBe(recent.length)
  })

  it('makes PNG thumbnails of the requested size for every class', async () => {
    const { classes } = valueOf<{ classes: ClassThumbnails[] }>(
      await app.call('data:thumbnails', {
        source: { kind: 'folder', path: join(root, 'pets') },
        perClass: 2,
        size: 16
      })
    )
    expect(classes.map((c) => c.name)).toEqual(['cats', 'dogs'])
    for (const c of classes) expect(c.images).toHaveLength(2)
    const bytes = Buffer.from(classes[0]!.images[0]!.split(',')[1]!, 'base64')
    const meta = await sharp(bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 16, 16])
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true })
    expect(Math.abs(data[0]! - 40)).toBeLessThanOrEqual(1)
  })

  it('takes thumbnails and preview originals from decoded images, past side files and broken ones, tagged with the folder', async () => {
    const messy = join(root, 'messy')
    await mkdir(join(messy, 'birds'), { recursive: true })
    await mkdir(join(messy, 'fish'), { recursive: true })
    // Side files and a broken image sort before every picture of "birds"
    for (let i = 0; i < 30; i++)
      await writeFile(join(messy, 'birds', `a-${String(i).padStart(2, '0')}.ogg`), `OggS ${i}`)
    await writeFile(join(messy, 'birds', 'b-broken.png'), 'not a picture')
    for (let i = 0; i < 10; i++) await png(join(messy, 'birds', `c-${i}.png`), 90)
    for (let i = 0; i < 3; i++) await png(join(messy, 'fish', `${i}.png`), 160)
    const source = { kind: 'folder', path: messy }
    const thumbs = valueOf<{ root: string; classes: ClassThumbnails[] }>(
      await app.call('data:thumbnails', { source, perClass: 8, size: 16 })
    )
    expect(thumbs.root).toBe(messy)
    expect(thumbs.classes.map((c) => [c.name, c.images.length])).toEqual([
      ['birds', 8],
      ['fish', 3]
    ])
    const preview = valueOf<{ root: string; images: AugmentPreview[] }>(
      await app.call('data:augment-preview', {
        source,
        augmentation: {},
        images: 4,
        variants: 1,
        size: 16
      })
    )
    expect(preview.root).toBe(messy)
    expect(preview.images.map((i) => i.className)).toEqual(['birds', 'fish', 'birds', 'fish'])
  })

  it('previews augmentation: brightened variants of a real image differ from it, identity ones do not', async () => {
    const source = { kind: 'folder', path: join(root, 'pets') }
    const brightened = valueOf<{ images: AugmentPreview[] }>(
      await app.call('data:augment-preview', {
        source,
        augmentation: { brightness: 0.5 },
        images: 2,
        variants: 3,
        size: 16
      })
    )
    expect(brightened.images.map((i) => i.className)).toEqual(['cats', 'dogs'])
    for (const image of brightened.images) expect(image.variants).toHaveLength(3)
    expect(brightened.images[0]!.variants.some((v) => v !== brightened.images[0]!.original)).toBe(
      true
    )
    const same = valueOf<{ images: AugmentPreview[] }>(
      await app.call('data:augment-preview', {
        source,
        augmentation: {},
        images: 1,
        variants: 2,
        size: 16
      })
    )
    expect(same.images[0]!.variants).toEqual([same.images[0]!.original, same.images[0]!.original])
  })

  it('computes one augmentation preview at a time and refuses a second meanwhile', async () => {
    const ask = () =>
      app.call('data:augment-preview', {
        source: { kind: 'sample' },
        augmentation: { rotationDegrees: 10 },
        images: 2,
        variants: 2,
        size: 32
      })
    const [first, second] = await Promise.all([ask(), ask()])
    expect(valueOf<{ images: AugmentPreview[] }>(first).images).toHaveLength(2)
    expect(errorOf(second)).toMatch(/already being computed; wait for it/)
    // Once the first has answered, the next one runs.
    expect((await ask()).ok).toBe(true)
  })

  it('refuses an augmentation outside the schema before decoding anything', async () => {
    const error = errorOf(
      await app.call('data:augment-preview', {
        source: { kind: 'sample' },
        augmentation: { rotationDegrees: 720 }
      })
    )
    expect(error).toMatch(/augmentation\.rotationDegrees/)
  })
})

describe('data handlers (desktop)', () => {
  it('opens what the dialog chose, then allows it and folders below it', async () => {
    const desktop = await appFixture({
      mode: 'desktop',
      chooseFolder: async () => join(root, 'pets')
    })
    const scanBefore = await desktop.call('data:scan', {
      source: { kind: 'folder', path: join(root, 'pets', 'cats') }
    })
    expect(errorOf(scanBefore)).toMatch(/has not been opened here/)
    const chosen = valueOf<{ path: string }>(await desktop.call('data:open-dialog'))
    expect(chosen.path).toMatch(/pets$/)
    expect(
      (await desktop.call('data:scan', { source: { kind: 'folder', path: chosen.path } })).ok
    ).toBe(true)
    expect(
      errorOf(await desktop.call('data:scan', { source: { kind: 'folder', path: outside } }))
    ).toMatch(/not been opened/)
    await desktop.cleanup()
  })

  it('answers a cancelled dialog with a null path', async () => {
    const desktop = await appFixture({ mode: 'desktop', chooseFolder: async () => null })
    expect(valueOf(await desktop.call('data:open-dialog'))).toEqual({ path: null })
    await desktop.cleanup()
  })

  it('grants a dropped folder, and refuses a dropped file', async () => {
    const desktop = await appFixture({ mode: 'desktop' })
    expect(
      valueOf<{ path: string }>(await desktop.call('data:drop', { path: join(root, 'pets') })).path
    ).toMatch(/pets$/)
    const file = join(root, 'pets', 'cats', '0.png')
    expect(errorOf(await desktop.call('data:drop', { path: file }))).toMatch(
      /is a file, not a folder/
    )
    await desktop.cleanup()
  })
})
