import { readdir } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { dataSchema } from '../../../main/contract/config/schema'
import { createFolderInspector } from '../../../main/app/folder-inspector'
import type { DataInspection } from '../../../main/contract/ipc/contract'
import { removeTempDirs } from '../../helpers/temp-dirs'
import { noise, put, solidJpeg, tempFolder, truncate } from '../data/folder/fixture-images'

afterAll(removeTempDirs)

async function settled(inspector: ReturnType<typeof createFolderInspector>, id: number) {
  let state: DataInspection = inspector.status(id)
  while (state.phase === 'looking' || state.phase === 'decoding') {
    await new Promise((r) => setTimeout(r, 20))
    state = inspector.status(id)
  }
  return state
}

/** Two colour classes of 4 JPEGs each, plus a corrupt JPEG, notes.txt and an empty .png. */
async function messyFolder(): Promise<string> {
  const root = tempFolder('inspect')
  for (let i = 0; i < 4; i++) {
    put(root, `red/${i}.jpg`, await solidJpeg({ r: 220, g: 30, b: 30 }, 40, 30))
    put(root, `blue/${i}.jpg`, await solidJpeg({ r: 30, g: 30, b: 220 }, 40, 30))
  }
  put(root, 'red/broken.jpg', truncate(await noise(64, 64).jpeg().toBuffer(), 0.4))
  put(root, 'blue/notes.txt', 'taken on holiday')
  put(root, 'blue/empty.png', new Uint8Array())
  return root
}

describe('the background folder inspection', () => {
  it('decodes every file into the cache, names each skipped file, and counts only usable images', async () => {
    const root = await messyFolder()
    const cacheDir = tempFolder('inspect-cache')
    const inspector = createFolderInspector()
    const id = inspector.start({ root, data: dataSchema.parse({}), seed: 1, cacheDir })
    const done = await settled(inspector, id)
    expect(done.error).toBeNull()
    expect(done.phase).toBe('done')
    // 40×30 colour photos: square at the smaller median side, colour
    expect(done.look?.shape).toEqual([30, 30, 3])
    expect(done.dataset?.inputShape).toEqual([30, 30, 3])
    const reasons = Object.fromEntries(done.dataset!.skipped.map((s) => [s.path, s.reason]))
    expect(reasons).toEqual({
      'blue/empty.png': 'empty file (0 bytes)',
      'blue/notes.txt': expect.stringMatching(/^not an image/),
      'red/broken.jpg': expect.stringMatching(/^truncated|^corrupt/)
    })
    const counts = done.dataset!.counts
    const usable = (split: string) => Object.values(counts[split]!).reduce((a, b) => a + b, 0)
    expect(usable('train') + usable('val')).toBe(8)
    expect(done.progress).toMatchObject({ total: 11, skipped: 3, decoded: 8 })
    expect((await readdir(cacheDir)).some((f) => f.endsWith('.pack'))).toBe(true)
    // Every skipped file, for the Data view's full list
    expect(done.skipped?.map((s) => s.path)).toEqual(Object.keys(reasons).sort())

    // Again, every record and failure now from the cache: the same real counts, not zeros
    const again = await settled(
      inspector,
      inspector.start({ root, data: dataSchema.parse({}), seed: 1, cacheDir })
    )
    expect(again.phase).toBe('done')
    expect(again.progress).toMatchObject({ total: 11, skipped: 3, decoded: 8 })
  })

  it('cancels the older job when a newer folder is chosen, and uses a configured shape as given', async () => {
    const root = await messyFolder()
    const cacheDir = tempFolder('inspect-cache')
    const inspector = createFolderInspector()
    const data = dataSchema.parse({})
    const first = inspector.start({ root, data, seed: 1, cacheDir })
    const second = inspector.start({ root, data, seed: 1, cacheDir, inputShape: [12, 12, 1] })
    expect(inspector.status(first).phase).toBe('cancelled')
    const done = await settled(inspector, second)
    expect(done.dataset?.inputShape).toEqual([12, 12, 1])
    expect(done.look?.shape).toEqual([30, 30, 3])
  })
})
