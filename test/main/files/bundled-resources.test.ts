/**
 * The resolver of shipped files, with a fake Electron resourcesPath laid out as electron-builder
 * lays out a packaged app, and tfjs really loading its wasm binaries from there (in a child
 * process: tfjs takes wasm paths only before its first start).
 */
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundledWasmPrefix, sampleDatasetRoot } from '../../../main/files/bundled-resources'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'

afterAll(removeTempDirs)

const WASM_DIST = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')
const moduleDir = resolve('main')

async function fakeResources(): Promise<string> {
  const dir = await tempDir('resources')
  await mkdir(join(dir, 'sample', 'train'), { recursive: true })
  await mkdir(join(dir, 'wasm'))
  for (const file of (await readdir(WASM_DIST)).filter((f) => f.endsWith('.wasm')))
    await copyFile(join(WASM_DIST, file), join(dir, 'wasm', file))
  return dir
}

/** Runs resolveBackend('wasm') in a child whose process.resourcesPath is `resourcesPath`. */
function wasmInChild(resourcesPath: string): string {
  const script = `
    process.resourcesPath = ${JSON.stringify(resourcesPath)}
    const tf = await import('@tensorflow/tfjs')
    const { resolveBackend } = await import(${JSON.stringify(resolve('main/engine/backends/resolve.ts'))})
    try {
      await resolveBackend('wasm')
      console.log(tf.getBackend(), tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync().join(','))
    } catch (e) { console.log('failed: ' + e.message) }`
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8'
  })
}

describe('bundled resources', () => {
  it('finds the sample and the wasm folder under a packaged resourcesPath', async () => {
    const resourcesPath = await fakeResources()
    expect(sampleDatasetRoot({ resourcesPath, moduleDir })).toBe(join(resourcesPath, 'sample'))
    expect(bundledWasmPrefix({ resourcesPath, moduleDir })).toBe(join(resourcesPath, 'wasm', '/'))
  })

  it('falls back to resources/ in the source tree outside a packaged app', async () => {
    const empty = await tempDir('electron-dist-resources')
    for (const resourcesPath of [undefined, empty]) {
      expect(sampleDatasetRoot({ resourcesPath, moduleDir })).toBe(resolve('resources/sample'))
      expect(bundledWasmPrefix({ resourcesPath, moduleDir })).toBeNull()
    }
    expect(() => sampleDatasetRoot({ resourcesPath: empty, moduleDir: empty })).toThrow(
      /bundled sample dataset .* is missing/
    )
  })

  it('makes tfjs load its wasm binaries from the packaged folder', async () => {
    const resourcesPath = await fakeResources()
    expect(wasmInChild(resourcesPath).trim()).toBe('wasm 4,6')
    // Proof that they come from there: damaged copies make the backend fail.
    for (const file of await readdir(join(resourcesPath, 'wasm')))
      await writeFile(join(resourcesPath, 'wasm', file), 'not wasm')
    expect(wasmInChild(resourcesPath)).toMatch(/^failed: /)
  }, 60_000)
})
