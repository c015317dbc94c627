import { readFileSync, realpathSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DataSpec } from '../../../../main/contract/config/schema'
import type { Split } from '../../../../main/data/dataset'
import { packPath } from '../../../../main/data/folder/image-cache'
import { loadFolderImageSet } from '../../../../main/data/folder/load-folder'
import { put, solidPng, tempFolder } from './fixture-images'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const data: DataSpec = { validationSplit: 0.5, resize: 'cover', normalize: 'standardize' }
const SHAPE: [number, number, number] = [4, 4, 3]
const SIZE = 4 * 4 * 3

async function folder(): Promise<string> {
  const root = tempFolder('cache-src')
  for (const [cls, r] of [
    ['a', 200],
    ['b', 20]
  ] as const) {
    for (let i = 0; i < 4; i++)
      put(root, `${cls}/${i}.png`, await solidPng({ r, g: 10 * i, b: 90 }))
  }
  put(root, 'a/broken.png', 'not really')
  return root
}

const load = (root: string, cacheDir: string, memoryBudgetBytes?: number) =>
  loadFolderImageSet(root, { inputShape: SHAPE, data, seed: 3, cacheDir, memoryBudgetBytes })

/** First pixel's red channel (0–255) of every example, in split order. */
async function reds(split: Split): Promise<number[]> {
  const out = new Float32Array(split.count * SIZE)
  await split.gather(
    Array.from({ length: split.count }, (_, i) => i),
    out
  )
  return Array.from({ length: split.count }, (_, i) => Math.round(out[i * SIZE]! * 255))
}

/** Overwrites a file with other bytes of the same length and restores its mtime. */
function swapContentKeepingIdentity(path: string, bytes: Buffer) {
  const { mtime, size } = statSync(path)
  writeFileSync(path, Buffer.concat([bytes, Buffer.alloc(size)]).subarray(0, size))
  utimesSync(path, mtime, mtime)
}

describe('the decoded-image cache', () => {
  it('serves a second load from the cache: an unchanged identity is trusted, not decoded', async () => {
    const [root, cache] = [await folder(), tempFolder('cache')]
    const first = await load(root, cache)
    const pack = packPath(cache, realpathSync(root), SHAPE, 'cover')
    const written = statSync(pack).mtimeMs
    swapContentKeepingIdentity(join(root, 'a/0.png'), Buffer.from('garbage, would not decode'))
    const second = await load(root, cache)
    expect(await reds(second.train)).toEqual(await reds(first.train))
    expect(await reds(second.val)).toEqual(await reds(first.val))
    expect(second.summary.skipped).toEqual(first.summary.skipped)
    expect(statSync(pack).mtimeMs).toBe(written) // nothing changed, so nothing was rewritten
    expect(first.summary.skipped).toEqual([
      { path: 'a/broken.png', reason: expect.stringMatching(/^not an image/) }
    ])
  })

  it('re-decodes a file whose size or mtime changed', async () => {
    const [root, cache] = [await folder(), tempFolder('cache')]
    const before = await load(root, cache)
    put(root, 'b/3.png', await solidPng({ r: 255, g: 255, b: 255 }, 30, 30))
    const after = await load(root, cache)
    const all = async (s: typeof before) =>
      [...(await reds(s.train)), ...(await reds(s.val))].sort((x, y) => x - y)
    expect(await all(before)).not.toContain(255)
    expect(await all(after)).toContain(255)
  })

  it('re-decodes a corrupt cache record instead of trusting it, and ignores a damaged pack', async () => {
    const [root, cache] = [await folder(), tempFolder('cache')]
    const truth = await load(root, cache)
    const pack = packPath(cache, realpathSync(root), SHAPE, 'cover')
    const bytes = readFileSync(pack)
    bytes.fill(0x7f, 0, 8 * SIZE) // every record's pixels, index intact
    writeFileSync(pack, bytes)
    const healed = await load(root, cache)
    expect(await reds(healed.train)).toEqual(await reds(truth.train))
    writeFileSync(pack, bytes.subarray(0, bytes.length - 5)) // footer gone
    const rebuilt = await load(root, cache)
    expect(await reds(rebuilt.val)).toEqual(await reds(truth.val))
  })

  it('streams from the cache when the folder exceeds the memory budget, with the same pixels', async () => {
    const [root, cache] = [await folder(), tempFolder('cache')]
    const inMemory = await load(root, tempFolder('cache'))
    const streamed = await load(root, cache, 1)
    expect(await reds(streamed.train)).toEqual(await reds(inMemory.train))
    const pack = packPath(cache, realpathSync(root), SHAPE, 'cover')
    const bytes = readFileSync(pack)
    bytes.fill(0, 0, 8 * SIZE)
    writeFileSync(pack, bytes) // damaged after loading: gather notices and decodes the file again
    expect(await reds(streamed.val)).toEqual(await reds(inMemory.val))
    const again = await load(root, cache, 1)
    expect(await reds(again.train)).toEqual(await reds(inMemory.train))
  })
})
