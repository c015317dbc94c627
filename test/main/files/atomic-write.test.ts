import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { writeDirAtomic, writeFileAtomic } from '../../../main/files/atomic-write'
import { removeTempDirs, tempDir } from '../runs/train-cli'

afterAll(removeTempDirs)

let dir: string
beforeEach(async () => {
  dir = await tempDir('atomic')
})

describe('writeFileAtomic', () => {
  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = join(dir, 'a.txt')
    await writeFile(path, 'old')
    await writeFileAtomic(path, 'new')
    expect(await readFile(path, 'utf8')).toBe('new')
    expect(await readdir(dir)).toEqual(['a.txt'])
  })

  it('creates missing parent folders', async () => {
    await writeFileAtomic(join(dir, 'x', 'y', 'b.bin'), new Uint8Array([1, 2, 3]))
    expect([...(await readFile(join(dir, 'x', 'y', 'b.bin')))]).toEqual([1, 2, 3])
  })

  it('names the path and the cause when it cannot write, and writes nothing', async () => {
    await writeFile(join(dir, 'file'), 'x')
    await expect(writeFileAtomic(join(dir, 'file', 'c.txt'), 'data')).rejects.toThrow(
      /Could not write .*c\.txt: a part of the path is a file/
    )
    expect(await readdir(dir)).toEqual(['file'])
  })
})

describe('writeDirAtomic', () => {
  it('swaps a new folder in place of the old one', async () => {
    const target = join(dir, 'model')
    await mkdir(target)
    await writeFile(join(target, 'stale.json'), 'old')
    await writeDirAtomic(target, (staging) => writeFile(join(staging, 'model.json'), '{}'))
    expect(await readdir(target)).toEqual(['model.json'])
    expect(await readdir(dir)).toEqual(['model'])
  })

  it('keeps the old folder untouched and removes the staging folder when filling fails', async () => {
    const target = join(dir, 'model')
    await mkdir(target)
    await writeFile(join(target, 'model.json'), 'old')
    const failing = async (staging: string) => {
      await writeFile(join(staging, 'half.bin'), 'partial')
      throw Object.assign(new Error('no space left'), { code: 'ENOSPC' })
    }
    await expect(writeDirAtomic(target, failing)).rejects.toThrow(/the disk is full/)
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['model'])
  })

  it('lets concurrent writers of one folder each finish, leaving one whole folder and no leftover', async () => {
    const target = join(dir, 'model')
    await mkdir(target)
    await writeFile(join(target, 'model.json'), 'old')
    const writers = Array.from({ length: 12 }, (_, i) =>
      writeDirAtomic(target, async (staging) => {
        await writeFile(join(staging, 'model.json'), String(i))
        await writeFile(join(staging, 'weights.bin'), String(i))
      })
    )
    const settled = await Promise.allSettled(writers)
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([])
    expect(await readdir(dir)).toEqual(['model'])
    const [model, weights] = await Promise.all([
      readFile(join(target, 'model.json'), 'utf8'),
      readFile(join(target, 'weights.bin'), 'utf8')
    ])
    expect(weights).toBe(model) // both files from the same writer
  })
})
