/**
 * Packaging: the electron-builder configuration (targets, what is unpacked from the asar, where
 * the sample and wasm files go, fuses), and `npm run dist` where Electron cannot be downloaded
 * (forced here with a mirror on a closed port and an empty cache): a short message, no stack trace.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Configuration } from 'electron-builder'
import { afterAll, describe, expect, it } from 'vitest'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'

afterAll(removeTempDirs)

const configPath: string = resolve('electron-builder.config.mjs')
const { default: config } = (await import(configPath)) as { default: Configuration }

describe('electron-builder configuration', () => {
  it('builds AppImage and deb on Linux, dmg on macOS, NSIS on Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.win?.target).toEqual(['nsis'])
  })

  it('ships the sample and the tfjs wasm binaries where bundled-resources.ts looks', () => {
    const extra = config.extraResources as { from: string; to: string; filter?: string[] }[]
    expect(extra.map((e) => e.to).sort()).toEqual(['sample', 'wasm'])
    for (const e of extra) expect(existsSync(resolve(e.from))).toBe(true)
    const wasm = extra.find((e) => e.to === 'wasm')!
    expect(existsSync(join(resolve(wasm.from), 'tfjs-backend-wasm.wasm'))).toBe(true)
  })

  it('unpacks native modules from the asar and sets the fuses', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/*.node',
        'node_modules/sharp/**',
        'node_modules/@tensorflow/tfjs-node/**'
      ])
    )
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })
})

describe('npm run dist without a way to download Electron', () => {
  it('fails with a clear message naming the download, not a stack trace', async () => {
    const cache = await tempDir('electron-cache')
    const run = spawnSync(process.execPath, ['scripts/dist.mjs'], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        TRAINSCAPE_DIST_SKIP_BUILD: '1',
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        ELECTRON_CACHE: cache,
        electron_config_cache: cache
      }
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/^npm run dist: could not download what electron-builder needs/)
    expect(run.stderr).toMatch(/Run it where the network allows/)
    expect(run.stderr).not.toMatch(/^\s+at |\.go:\d+/m)
    expect(readFileSync(resolve('dist/electron-builder.log'), 'utf8')).toMatch(/electron/)
  }, 150_000)
})
