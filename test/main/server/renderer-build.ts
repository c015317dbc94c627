/**
 * A renderer folder for the server tests: the real build (out/renderer) when it exists, else a
 * minimal page with one asset, written into `dir`. Not a test file.
 */
import { access, mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export async function ensureRendererBuild(dir: string): Promise<string> {
  const built = resolve('out/renderer')
  if (
    await access(join(built, 'index.html')).then(
      () => true,
      () => false
    )
  )
    return built
  const root = join(dir, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(
    join(root, 'index.html'),
    '<!doctype html><div id="app"></div><script type="module" src="./assets/index.js"></script>'
  )
  await writeFile(join(root, 'assets', 'index.js'), 'export {}')
  return root
}
