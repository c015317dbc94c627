import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStatic, staticPath } from '../../../main/app/static-files'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

let base: string
let root: string
beforeAll(async () => {
  base = await realpath(await tempDir('static'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html>')
  await writeFile(join(root, 'assets', 'app.js'), 'export {}')
  await writeFile(join(base, 'secret.txt'), 'secret')
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'leak.js'))
})
afterAll(removeTempDirs)

describe('static files', () => {
  it('serves index.html for / and files with their content type', async () => {
    expect((await readStatic(root, '/'))?.type).toMatch(/text\/html/)
    const js = await readStatic(root, '/assets/app.js?v=1')
    expect(js?.type).toMatch(/javascript/)
    expect(js?.body.toString()).toBe('export {}')
  })

  it('never maps a URL outside the root', () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/a\\..\\..\\secret.txt',
      '/%00',
      '/%E0%A4%A'
    ]) {
      expect(staticPath(root, path)).toBeNull()
    }
  })

  it('does not follow a link out of the root, and answers null for folders and missing files', async () => {
    expect(await readStatic(root, '/assets/leak.js')).toBeNull()
    expect(await readStatic(root, '/assets')).toBeNull()
    expect(await readStatic(root, '/missing.js')).toBeNull()
  })
})
