/**
 * The decoded-image cache against a caller that asks for shape after shape (the review inspected
 * the sample at 1024×1024×3 and filled the system disk, 12.6 GB per shape): real images through
 * the real loader, packs kept under a size cap with the least recently used evicted, and none
 * written when it would not fit or the disk is too full. The loads still succeed from memory.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { DataSpec } from '../../../../main/contract/config/schema'
import type { CacheLimits } from '../../../../main/data/folder/cache-budget'
import { packPath } from '../../../../main/data/folder/image-cache'
import { loadFolderImageSet } from '../../../../main/data/folder/load-folder'
import { put, solidPng, tempFolder } from './fixture-images'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const data: DataSpec = { validationSplit: 0.5, resize: 'cover', normalize: 'standardize' }
const IMAGES = 8
const roomy: CacheLimits = { maxBytes: 2 ** 30, minFreeBytes: 0 }

async function folder(): Promise<string> {
  const root = tempFolder('budget-src')
  for (let i = 0; i < IMAGES; i++)
    put(root, `${i % 2 ? 'a' : 'b'}/${i}.png`, await solidPng({ r: 20 * i, g: 10, b: 90 }))
  return root
}

const load = (root: string, cacheDir: string, side: number, cacheLimits: CacheLimits) =>
  loadFolderImageSet(root, {
    inputShape: [side, side, 3],
    data,
    seed: 3,
    cacheDir,
    cacheLimits
  })

const pack = (cache: string, root: string, side: number) =>
  packPath(cache, realpathSync(root), [side, side, 3], 'cover')
const exists = (path: string) =>
  readdirSync(path.slice(0, path.lastIndexOf('/'))).includes(path.slice(path.lastIndexOf('/') + 1))
const stemOf = (pack: string) => pack.slice(pack.lastIndexOf('/') + 1, -'.pack'.length)
const pause = () => new Promise((done) => setTimeout(done, 30))

describe('the decode cache under its cap', () => {
  it('evicts the least recently used pack to make room, keeping one just read', async () => {
    const [root, cache] = [await folder(), tempFolder('budget-cache')]
    await load(root, cache, 16, roomy)
    await pause()
    await load(root, cache, 24, roomy)
    // The pack's files: the pack, its `.used` mark and the input statistics of this split.
    const of24 = () => readdirSync(cache).filter((n) => n.startsWith(stemOf(pack(cache, root, 24))))
    expect(of24().some((n) => n.endsWith('.stats.json'))).toBe(true)
    await pause()
    await load(root, cache, 16, roomy) // read from the cache: now the most recently used
    await pause()
    const sixteen = statSync(pack(cache, root, 16)).size
    // Room for the 16-pixel pack and a 32-pixel one, not for the 24-pixel one as well.
    const cap = { maxBytes: sixteen + IMAGES * 32 * 32 * 3 + 4096, minFreeBytes: 0 }
    const set = await load(root, cache, 32, cap)
    expect(set.train.count + set.val.count).toBe(IMAGES)
    expect(exists(pack(cache, root, 16))).toBe(true)
    expect(exists(pack(cache, root, 24))).toBe(false)
    expect(of24()).toEqual([]) // its statistics went with it
    expect(exists(pack(cache, root, 32))).toBe(true)
  })

  it('writes no pack larger than the cap, and still loads every image', async () => {
    const [root, cache] = [await folder(), tempFolder('budget-cache')]
    const set = await load(root, cache, 32, { maxBytes: 1000, minFreeBytes: 0 })
    expect(set.train.count + set.val.count).toBe(IMAGES)
    expect(readdirSync(cache).filter((n) => n.includes('.pack'))).toEqual([])
  })

  it('writes no pack when the disk would be left with less than the free-space margin', async () => {
    const [root, cache] = [await folder(), tempFolder('budget-cache')]
    const set = await load(root, cache, 16, { maxBytes: 2 ** 30, minFreeBytes: 2 ** 60 })
    expect(set.train.count + set.val.count).toBe(IMAGES)
    expect(readdirSync(cache).filter((n) => n.includes('.pack'))).toEqual([])
  })
})
