import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataSchema } from '../../../../main/contract/config/schema'
import { loadFolderImageSet } from '../../../../main/data/folder/load-folder'
import { SKIPPED_KEPT } from '../../../../main/contract/runs/summary'
import { removeTempDirs } from '../../../helpers/temp-dirs'
import { put, solidPng, tempFolder } from './fixture-images'

afterAll(removeTempDirs)

describe('the skipped list of a dataset summary', () => {
  it('names every broken image, even placed after hundreds of side files by path', async () => {
    const root = tempFolder('skipped-broken')
    const good = await solidPng({ r: 9, g: 9, b: 9 })
    for (const cls of ['a', 'b']) for (let i = 0; i < 3; i++) put(root, `${cls}/${i}.png`, good)
    const sides = SKIPPED_KEPT + 100
    for (let i = 0; i < sides; i++) put(root, `a/side-${String(i).padStart(3, '0')}.txt`, 'notes')
    put(root, 'b/zz/late-cut.png', good.subarray(0, good.length >> 1))
    put(root, 'b/zz/late-text.png', 'not a picture')
    writeFileSync(join(root, 'b/zz/late-empty.png'), '')
    const set = await loadFolderImageSet(root, {
      inputShape: [8, 8, 1],
      data: dataSchema.parse({}),
      seed: 1
    })
    expect(set.summary.skippedCount).toBe(sides + 3)
    const kept = set.summary.skipped.map((s) => s.path)
    // Broken images first and in full, then the cap's worth of the others
    expect(kept.slice(0, 3)).toEqual([
      'b/zz/late-cut.png',
      'b/zz/late-empty.png',
      'b/zz/late-text.png'
    ])
    expect(kept).toHaveLength(3 + SKIPPED_KEPT)
    expect(set.summary.skippedGroups).toEqual([
      { kind: 'broken-image', extension: '.png', count: 3 },
      { kind: 'not-image', extension: '.txt', count: sides }
    ])
    expect(set.skippedAll).toHaveLength(sides + 3)
  })

  it('names the first 200 skipped entries by path and counts all of them', async () => {
    const root = tempFolder('skipped-cap')
    for (const cls of ['a', 'b'])
      for (let i = 0; i < 3; i++) put(root, `${cls}/${i}.png`, await solidPng({ r: 9, g: 9, b: 9 }))
    const empty = SKIPPED_KEPT + 50
    for (let i = 0; i < empty; i++) mkdirSync(join(root, `empty-${String(i).padStart(3, '0')}`))
    const set = await loadFolderImageSet(root, {
      inputShape: [8, 8, 1],
      data: dataSchema.parse({}),
      seed: 1
    })
    expect(set.summary.skippedCount).toBe(empty)
    expect(set.summary.skipped).toHaveLength(SKIPPED_KEPT)
    expect(set.summary.skipped[0]).toEqual({
      path: 'empty-000',
      reason: 'empty class folder: no usable images; the class is left out'
    })
    expect(set.classes).toEqual(['a', 'b'])
  })
})
