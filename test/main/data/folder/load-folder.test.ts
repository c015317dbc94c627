import { rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DataSpec } from '../../../../main/contract/config/schema'
import type { ImageSet, Split } from '../../../../main/data/dataset'
import { loadFolderImageSet, type LoadProgress } from '../../../../main/data/folder/load-folder'
import { put, solidPng, tempFolder } from './fixture-images'
import { CAFE_NFD, CAT, DOG, EXPECTED_SKIPS, messyFolder } from './messy-folder'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const data: DataSpec = { validationSplit: 0.25, resize: 'cover', normalize: 'standardize' }
const load = (root: string, extra: Partial<Parameters<typeof loadFolderImageSet>[1]> = {}) =>
  loadFolderImageSet(root, { inputShape: [6, 6, 3], data, seed: 7, ...extra })

async function allImages(split: Split, size: number): Promise<Float32Array> {
  const out = new Float32Array(split.count * size)
  await split.gather(
    Array.from({ length: split.count }, (_, i) => i),
    out
  )
  return out
}

/** Mean red and blue of every image of `split` with label `label`. */
async function colourOf(set: ImageSet, split: Split, label: number): Promise<[number, number][]> {
  const size = 6 * 6 * 3
  const pixels = await allImages(split, size)
  const result: [number, number][] = []
  split.labels.forEach((l, i) => {
    if (l === label) result.push([pixels[i * size]!, pixels[i * size + 2]!])
  })
  return result
}

describe('loadFolderImageSet on a messy real folder', () => {
  it('loads every usable image and says, per skipped path, why it was skipped', async () => {
    const root = await messyFolder()
    const set = await load(root)
    expect(set.classes).toEqual(['Café', 'cat', 'dog'])
    expect(set.classes[0]).toBe('Café'.normalize('NFC'))
    const { summary } = set
    const total = (s: string) => Object.values(summary.counts[s]!).reduce((a, b) => a + b, 0)
    expect(total('train') + total('val')).toBe(4 + 6 + 6)
    expect(summary.counts.val).toEqual({ Café: 1, cat: 2, dog: 2 })
    const reasons = Object.fromEntries(summary.skipped.map((s) => [s.path, s.reason]))
    for (const [path, pattern] of Object.entries(EXPECTED_SKIPS))
      expect(reasons[path], path).toMatch(pattern)
    expect(summary.skipped).toHaveLength(Object.keys(EXPECTED_SKIPS).length)
    expect(JSON.stringify(summary)).not.toMatch(/DS_Store|Thumbs|ipynb|secret|hidden/)
    expect(summary.inputShape).toEqual([6, 6, 3])
    rmSync(root, { recursive: true, force: true })
  })

  it('decodes the odd formats (PNG named .jpg, CMYK, 16-bit, GIF, nested, NFD names) to the right colour', async () => {
    const root = await messyFolder()
    const set = await load(root, { data: { ...data, validationSplit: 0.01 } })
    const cats = await colourOf(set, set.train, 1)
    const dogs = await colourOf(set, set.train, 2)
    expect(cats.length + dogs.length).toBe(12 - 2)
    // CMYK cannot hold the saturated blue, so only dominance is asserted, not the exact value
    for (const [r, b] of cats) expect(r - b).toBeGreaterThan(0.5)
    for (const [r, b] of dogs) expect(b - r).toBeGreaterThan(0.35)
    rmSync(root, { recursive: true, force: true })
  })

  it('skips a file removed between scan and decode as unreadable, and still loads the rest', async () => {
    const root = tempFolder('vanish')
    for (const cls of ['a', 'b'])
      for (let i = 0; i < 3; i++) put(root, `${cls}/${i}.png`, await solidPng(CAT))
    let removed = false
    const set = await load(root, {
      onProgress: (p: LoadProgress) => {
        if (p.total !== null && !removed) {
          rmSync(join(root, 'a/1.png'))
          removed = true
        }
      }
    })
    expect(set.summary.skipped).toEqual([
      { path: 'a/1.png', reason: 'unreadable: the file disappeared before it could be read' }
    ])
    expect(set.train.count + set.val.count).toBe(5)
  })

  it('fails with a clear message when fewer than two classes have usable images', async () => {
    const root = tempFolder('one-class')
    put(root, 'only/a.png', await solidPng(CAT))
    put(root, 'only/b.png', await solidPng(CAT))
    put(root, 'broken/x.png', 'not a png')
    await expect(load(root)).rejects.toThrow(
      /only one usable class \("only"\); at least two are needed/
    )
    await expect(load(join(root, 'nope'))).rejects.toThrow(/does not exist/)
  })

  it('says "Scanned 1 file" (singular) when the folder holds a single file', async () => {
    const root = tempFolder('one-file')
    put(root, 'only/a.png', await solidPng(CAT))
    await expect(load(root)).rejects.toThrow(/Scanned 1 file, skipped 0\./)
  })

  it('skips a class folder linked to another class, which would relabel that class, and says so', async () => {
    const root = tempFolder('relabel')
    for (let i = 0; i < 3; i++) {
      put(root, `ant/${i}.png`, await solidPng(CAT))
      put(root, `dog/${i}.png`, await solidPng(DOG))
    }
    // `cat` sorts before `dog`: followed, it took the dog images as cats and `dog` was then
    // skipped as already scanned. `ant/more` reaches the dog images from inside another class.
    symlinkSync('dog', join(root, 'cat'))
    symlinkSync('../dog', join(root, 'ant/more'))
    symlinkSync('../dog/0.png', join(root, 'ant/one.png'))
    const set = await load(root)
    const { train, val } = set.summary.counts
    expect([train!.ant! + val!.ant!, train!.dog! + val!.dog!]).toEqual([3, 3])
    expect(set.summary.classes).toEqual(['ant', 'dog'])
    const dogLabel = set.summary.classes.indexOf('dog')
    for (const [red, blue] of await colourOf(set, set.train, dogLabel))
      expect(red).toBeLessThan(blue)
    const reasons = Object.fromEntries(set.summary.skipped.map((s) => [s.path, s.reason]))
    const into = (cls: string) =>
      `ignored: a symbolic link into the class folder dog/; followed, its dog images would be ` +
      `labelled ${cls}. Remove the link.`
    expect(reasons).toEqual({
      cat: into('cat'),
      'ant/more': into('ant'),
      'ant/one.png': into('ant')
    })
    const groups = set.summary.skippedGroups ?? []
    expect(new Set(groups.map((g) => g.kind))).toEqual(new Set(['ignored']))
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(3)
  })

  it('uses top-level train/val/test folders as given splits', async () => {
    const root = tempFolder('splits')
    for (const [split, n] of [
      ['train', 3],
      ['validation', 2],
      ['test', 1]
    ] as const) {
      for (const [cls, colour] of [
        ['cat', CAT],
        ['dog', DOG]
      ] as const) {
        for (let i = 0; i < n; i++) put(root, `${split}/${cls}/${i}.png`, await solidPng(colour))
      }
    }
    put(root, 'extras/cat/z.png', await solidPng(CAT))
    const set = await load(root)
    expect(set.summary.counts).toEqual({
      train: { cat: 3, dog: 3 },
      val: { cat: 2, dog: 2 },
      test: { cat: 1, dog: 1 }
    })
    expect(set.test?.count).toBe(2)
    expect(set.summary.skipped.map((s) => s.path)).toEqual(['extras'])
  })

  it('draws a stratified, seeded validation split and caps training examples per class', async () => {
    const root = tempFolder('strat')
    for (const cls of ['a', 'b', 'c'])
      for (let i = 0; i < 10; i++) put(root, `${cls}/${i}.png`, await solidPng(CAT))
    const first = await load(root, { data: { ...data, validationSplit: 0.3, trainPerClass: 4 } })
    const again = await load(root, { data: { ...data, validationSplit: 0.3, trainPerClass: 4 } })
    const other = await load(root, {
      seed: 8,
      data: { ...data, validationSplit: 0.3, trainPerClass: 4 }
    })
    expect(first.summary.counts).toEqual({ train: { a: 4, b: 4, c: 4 }, val: { a: 3, b: 3, c: 3 } })
    const ids = (s: ImageSet) => [...(s.val as unknown as { ids: Int32Array }).ids]
    expect(ids(again)).toEqual(ids(first))
    expect(ids(other)).not.toEqual(ids(first))
    expect(first.test).toBeNull()
  })

  it('reports progress and can be cancelled', async () => {
    const root = tempFolder('cancel')
    for (const cls of ['a', 'b'])
      for (let i = 0; i < 40; i++) put(root, `${cls}/${i}.png`, await solidPng(DOG, 64, 64))
    const seen: LoadProgress[] = []
    await load(root, { onProgress: (p) => seen.push(p), concurrency: 1 })
    expect(seen.at(-1)).toEqual({ scanned: 80, decoded: 80, skipped: 0, total: 80 })
    const controller = new AbortController()
    const loading = load(root, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.total !== null) controller.abort()
      }
    })
    await expect(loading).rejects.toThrow('Loading the image folder was cancelled.')
  })

  it('keeps decomposed-Unicode class names as NFC', async () => {
    const root = tempFolder('nfd')
    put(root, `${CAFE_NFD}/1.png`, await solidPng(CAT))
    put(root, `${CAFE_NFD}/2.png`, await solidPng(CAT))
    put(root, 'Zürich/1.png', await solidPng(DOG))
    put(root, 'Zürich/2.png', await solidPng(DOG))
    const set = await load(root)
    expect(set.classes).toEqual(['Café', 'Zürich'])
    expect(set.classes.every((c) => c === c.normalize('NFC'))).toBe(true)
  })
})
