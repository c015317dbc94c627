import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataSchema } from '../../../../main/contract/config/schema'
import { loadFolderImageSet } from '../../../../main/data/folder/load-folder'
import { SKIPPED_KEPT } from '../../../../main/contract/runs/summary'
import { removeTempDirs } from '../../../helpers/temp-dirs'
import { put, solidPng, tempFolder } from './fixture-images'

afterAll(removeTempDirs)

describe('the skipped list of a dataset summary', () => {
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
