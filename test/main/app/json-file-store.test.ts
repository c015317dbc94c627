import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { settingsStore } from '../../../main/app/settings-store'
import { recentFoldersStore, withRecent, RECENT_LIMIT } from '../../../main/app/recent-folders'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

let dir: string
beforeEach(async () => {
  dir = await tempDir('store')
})
afterEach(removeTempDirs)

describe('jsonFileStore (settings.json)', () => {
  it('gives the defaults when there is no file, and writes nothing by reading', async () => {
    const store = settingsStore(dir)
    expect(await store.read()).toEqual({
      backend: 'auto',
      threads: null,
      theme: 'system',
      reducedMotion: false,
      lastPreset: null,
      lastSource: null
    })
    expect(await readdir(dir)).toEqual([])
  })

  it('moves a file that is not JSON aside, keeps it, and uses the defaults', async () => {
    await writeFile(join(dir, 'settings.json'), '{"theme": "dark",')
    const store = settingsStore(dir)
    expect((await store.read()).theme).toBe('system')
    expect(store.recovered?.reason).toMatch(/not JSON/)
    const files = await readdir(dir)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^settings\.corrupt-.*\.json$/)
    expect(await readFile(join(dir, files[0]!), 'utf8')).toBe('{"theme": "dark",')
  })

  it('moves a file with an invalid value aside, naming the field', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ theme: 'neon' }))
    const store = settingsStore(dir)
    expect((await store.read()).theme).toBe('system')
    expect(store.recovered?.reason).toMatch(/theme/)
  })

  it('keeps a valid file as it is', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ theme: 'light', backend: 'wasm' }))
    const store = settingsStore(dir)
    expect(await store.read()).toMatchObject({ theme: 'light', backend: 'wasm' })
    expect(store.recovered).toBeNull()
  })

  it('loses no change when updates overlap', async () => {
    const store = settingsStore(dir)
    await Promise.all([
      store.update((s) => ({ ...s, theme: 'dark' })),
      store.update((s) => ({ ...s, reducedMotion: true })),
      store.update((s) => ({ ...s, lastPreset: 'relu-he' }))
    ])
    const fresh = settingsStore(dir)
    expect(await fresh.read()).toEqual({
      backend: 'auto',
      threads: null,
      theme: 'dark',
      reducedMotion: true,
      lastPreset: 'relu-he',
      lastSource: null
    })
  })

  it('refuses to store an invalid value and leaves the file untouched', async () => {
    const store = settingsStore(dir)
    await store.update((s) => ({ ...s, theme: 'dark' }))
    await expect(store.update((s) => ({ ...s, theme: 'neon' as 'dark' }))).rejects.toThrow()
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).theme).toBe('dark')
    expect((await store.read()).theme).toBe('dark')
  })
})

describe('recent folders', () => {
  it('puts the newest first without duplicates and keeps at most the limit', () => {
    let list = withRecent([], '/a', new Date(0))
    list = withRecent(list, '/b', new Date(1))
    list = withRecent(list, '/a', new Date(2))
    expect(list.map((f) => f.path)).toEqual(['/a', '/b'])
    for (let i = 0; i < 40; i++) list = withRecent(list, `/f${i}`, new Date(i))
    expect(list).toHaveLength(RECENT_LIMIT)
    expect(list[0]!.path).toBe('/f39')
  })

  it('survives a corrupt recent-folders.json', async () => {
    await writeFile(join(dir, 'recent-folders.json'), '[{"path": 3}]')
    expect(await recentFoldersStore(dir).read()).toEqual([])
  })
})
