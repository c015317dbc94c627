import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFolderAccess, isInside } from '../../../main/app/folder-access'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

let base: string
beforeAll(async () => {
  base = await realpath(await tempDir('access'))
  await mkdir(join(base, 'root', 'inner'), { recursive: true })
  await mkdir(join(base, 'root-sibling'), { recursive: true })
  await mkdir(join(base, 'other'), { recursive: true })
  await writeFile(join(base, 'root', 'file.txt'), 'x')
  await symlink(join(base, 'other'), join(base, 'root', 'link-out'))
  await symlink(join(base, 'root', 'inner'), join(base, 'root', 'link-in'))
})
afterAll(removeTempDirs)

describe('isInside', () => {
  it('accepts the root and folders below it, and nothing else', () => {
    expect(isInside('/data/root', '/data/root')).toBe(true)
    expect(isInside('/data/root', '/data/root/a/b')).toBe(true)
    expect(isInside('/data/root', '/data/root-sibling')).toBe(false)
    expect(isInside('/data/root', '/data')).toBe(false)
    expect(isInside('/data/root', '/data/root/../x')).toBe(false)
    expect(isInside('/data/root', '/data/root/..foo')).toBe(true)
  })
})

describe('createFolderAccess', () => {
  const browser = () => createFolderAccess({ fixedRoots: [join(base, 'root')], canGrant: false })

  it('resolves folders inside a root to their real path, following links that stay inside', async () => {
    const access = browser()
    expect(await access.resolve(join(base, 'root', 'inner'))).toBe(join(base, 'root', 'inner'))
    expect(await access.resolve(join(base, 'root', 'link-in'))).toBe(join(base, 'root', 'inner'))
  })

  it('refuses a sibling with the same prefix, parent escapes and links pointing out', async () => {
    const access = browser()
    for (const path of [
      join(base, 'root-sibling'),
      `${join(base, 'root')}/../other`,
      join(base, 'root', 'link-out')
    ]) {
      await expect(access.resolve(path)).rejects.toThrow(/outside the data roots/)
    }
  })

  it('refuses relative paths, files and missing folders with a reason', async () => {
    const access = browser()
    await expect(access.resolve('root/inner')).rejects.toThrow(/not an absolute path/)
    await expect(access.resolve(join(base, 'root', 'file.txt'))).rejects.toThrow(
      /is a file, not a folder/
    )
    await expect(access.resolve(join(base, 'root', 'missing'))).rejects.toThrow(/does not exist/)
  })

  it("grants nothing in browser mode, but grants the person's choice on the desktop", async () => {
    await expect(browser().grant(join(base, 'other'))).rejects.toThrow(/outside/)
    const desktop = createFolderAccess({ fixedRoots: [], canGrant: true })
    await expect(desktop.resolve(join(base, 'other'))).rejects.toThrow(/has not been opened here/)
    expect(await desktop.grant(join(base, 'other'))).toBe(join(base, 'other'))
    expect(await desktop.resolve(join(base, 'other'))).toBe(join(base, 'other'))
    expect(await desktop.roots()).toEqual([join(base, 'other')])
  })

  it('drops roots that have disappeared from the list', async () => {
    const access = createFolderAccess({
      fixedRoots: [join(base, 'root'), join(base, 'gone')],
      canGrant: false
    })
    expect(await access.roots()).toEqual([join(base, 'root')])
  })
})
