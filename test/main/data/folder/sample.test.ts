import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadFolderImageSet } from '../../../../main/data/folder/load-folder'
import { sampleDatasetRoot } from '../../../../main/data/folder/sample'
import { FASHION_CLASSES } from '../../../../scripts/make-fashion-folder'

describe('the bundled sample dataset', () => {
  it('ships Fashion-MNIST as class folders with 300 train and 100 test images per class and its licence', async () => {
    const root = sampleDatasetRoot()
    expect(existsSync(join(root, 'LICENSE'))).toBe(true)
    const set = await loadFolderImageSet(root, {
      inputShape: [28, 28, 1],
      data: { validationSplit: 0.2, resize: 'cover', normalize: 'standardize' },
      seed: 1
    })
    expect(set.classes).toEqual([...FASHION_CLASSES].sort())
    expect(set.summary.skipped).toEqual([])
    for (const name of set.classes) {
      expect(set.summary.counts.train![name]! + set.summary.counts.val![name]!).toBe(300)
      expect(set.summary.counts.val![name]).toBe(60)
      expect(set.summary.counts.test![name]).toBe(100)
    }
    // real garments: dark background, bright object, not blank
    const out = new Float32Array(784)
    await set.train.gather([0], out)
    expect(out[0]).toBeLessThan(0.1)
    expect(Math.max(...out)).toBeGreaterThan(0.5)
  })
})
