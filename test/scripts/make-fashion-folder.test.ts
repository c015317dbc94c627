import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleDatasetRoot } from '../../main/data/folder/sample'
import { FASHION_CLASSES, writeFashionFolder } from '../../scripts/make-fashion-folder'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'

afterAll(removeTempDirs)

async function pixels(path: string): Promise<Buffer> {
  return sharp(path).greyscale().raw().toBuffer()
}

describe('the sample-dataset script', () => {
  it("regenerates the bundled sample's first images pixel for pixel from Debian's Fashion-MNIST", async () => {
    const out = await tempDir('trainscape-fashion-')
    const counts = await writeFashionFolder(out, { trainPerClass: 2, testPerClass: 1 })
    expect(counts).toEqual({ train: 20, test: 10 })
    const sample = sampleDatasetRoot()
    for (const split of ['train', 'test']) {
      expect((await readdir(join(out, split))).sort()).toEqual([...FASHION_CLASSES].sort())
      for (const name of FASHION_CLASSES) {
        const files = (await readdir(join(out, split, name))).sort()
        const shipped = (await readdir(join(sample, split, name))).sort()
        expect(files).toEqual(shipped.slice(0, files.length))
        for (const file of files) {
          const made = await pixels(join(out, split, name, file))
          expect(made.length).toBe(28 * 28)
          expect(made.equals(await pixels(join(sample, split, name, file)))).toBe(true)
        }
      }
    }
  })

  it('says which package to install when the source folder has no idx files', async () => {
    const empty = await tempDir('trainscape-no-idx-')
    await expect(
      writeFashionFolder(join(empty, 'out'), { source: empty, trainPerClass: 1 })
    ).rejects.toThrow(/dataset-fashion-mnist/)
  })
})
