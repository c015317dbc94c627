/**
 * What atomic writes flush and how a failed swap is undone, observed on the real file system
 * through a recording wrapper around node:fs/promises: which handles are fsynced (the data file
 * and then its folder, after the rename), and a rename that fails on demand.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

const record = vi.hoisted(() => ({
  synced: [] as string[],
  renames: 0,
  failRenameNumber: 0
}))

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const open: typeof real.open = async (path, ...rest) => {
    const handle = await real.open(path, ...rest)
    const sync = handle.sync.bind(handle)
    handle.sync = async () => {
      await sync()
      record.synced.push(String(path))
    }
    return handle
  }
  const rename: typeof real.rename = async (from, to) => {
    record.renames++
    if (record.renames === record.failRenameNumber)
      throw Object.assign(new Error('rename failed'), { code: 'EIO' })
    return real.rename(from, to)
  }
  return { ...real, default: { ...real, open, rename }, open, rename }
})

const { writeDirAtomic, writeFileAtomic } = await import('../../../main/files/atomic-write')
const { jsonFileStore } = await import('../../../main/app/json-file-store')
const { removeTempDirs, tempDir } = await import('../../helpers/temp-dirs')

afterAll(removeTempDirs)

let dir: string
beforeEach(async () => {
  dir = await tempDir('durable')
  record.synced = []
  record.renames = 0
  record.failRenameNumber = 0
})

describe('atomic writes flush data and folder', () => {
  it('fsyncs the temporary file, then the folder after the rename', async () => {
    await writeFileAtomic(join(dir, 'summary.json'), '{}')
    expect(record.synced).toHaveLength(2)
    expect(record.synced[0]).toMatch(/\.summary\.json\.tmp-/)
    expect(record.synced[1]).toBe(dir)
  })

  it('settings (json-file-store) are written the same way', async () => {
    const store = jsonFileStore(join(dir, 'settings.json'), z.object({ a: z.number() }), () => ({
      a: 0
    }))
    await store.update(() => ({ a: 1 }))
    expect(record.synced.at(-1)).toBe(dir)
    expect(record.synced.some((p) => p.includes('settings.json.tmp-'))).toBe(true)
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({ a: 1 })
  })

  it('writeDirAtomic fsyncs the parent folder after the swap', async () => {
    await writeDirAtomic(join(dir, 'model'), (staging) => writeFile(join(staging, 'm.json'), '{}'))
    expect(record.synced.at(-1)).toBe(dir)
  })
})

describe('writeDirAtomic when the second rename fails', () => {
  it('puts the old folder back under its name, leaving no hidden folder', async () => {
    const target = join(dir, 'model')
    await mkdir(target)
    await writeFile(join(target, 'model.json'), 'old')
    record.failRenameNumber = 2 // 1: old folder aside; 2: staging into place
    await expect(
      writeDirAtomic(target, (staging) => writeFile(join(staging, 'model.json'), 'new'))
    ).rejects.toThrow(/Could not write .*model/)
    expect(await readdir(dir)).toEqual(['model'])
    expect(await readFile(join(target, 'model.json'), 'utf8')).toBe('old')
  })
})
