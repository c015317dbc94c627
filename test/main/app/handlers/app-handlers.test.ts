import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESET_NAMES } from '../../../../main/config/presets'
import type {
  AppInfo,
  ConfigCheck,
  PresetInfo,
  Settings
} from '../../../../main/contract/ipc/contract'
import { appFixture, errorOf, valueOf, type AppFixture } from '../app-fixture'

let app: AppFixture
beforeAll(async () => {
  app = await appFixture()
})
afterAll(() => app.cleanup())

describe('app handlers', () => {
  it('reports browser mode, the sample as the only data root, and a first start', async () => {
    const info = valueOf<AppInfo>(await app.call('app:info'))
    expect(info.mode).toBe('browser')
    expect(info.firstStart).toBe(true)
    expect(info.dataRoots).toEqual([info.sampleRoot])
    expect(info.runsDir).toBe(join(app.dir, 'runs'))
  })

  it('is no longer a first start once settings were written', async () => {
    const again = await appFixture({ userData: join(app.dir, 'user-data') })
    expect(valueOf<AppInfo>(await again.call('app:info')).firstStart).toBe(false)
    await again.cleanup()
  })

  it('changes only the settings given and persists them as JSON', async () => {
    const after = valueOf<Settings>(
      await app.call('settings:set', { theme: 'dark', backend: 'cpu' })
    )
    expect(after).toEqual({
      backend: 'cpu',
      threads: null,
      theme: 'dark',
      reducedMotion: false,
      lastPreset: null,
      lastSource: null
    })
    const onDisk = JSON.parse(await readFile(join(app.dir, 'user-data', 'settings.json'), 'utf8'))
    expect(onDisk).toEqual(after)
    const again = valueOf<Settings>(await app.call('settings:set', { reducedMotion: true }))
    expect(again.theme).toBe('dark')
    expect(again.reducedMotion).toBe(true)
  })

  it('remembers the data source last opened, and refuses one that is no source', async () => {
    const source = { kind: 'folder' as const, path: '/data/clip-art' }
    const after = valueOf<Settings>(await app.call('settings:set', { lastSource: source }))
    expect(after.lastSource).toEqual(source)
    expect((await app.call('settings:set', { lastSource: { kind: 'folder' } })).ok).toBe(false)
    const sample = valueOf<Settings>(
      await app.call('settings:set', { lastSource: { kind: 'sample' } })
    )
    expect(sample.lastSource).toEqual({ kind: 'sample' })
  })

  it('lists every bundled preset with its validated configuration', async () => {
    const presets = valueOf<PresetInfo[]>(await app.call('presets:list'))
    expect(presets.map((p) => p.id)).toEqual([...PRESET_NAMES])
    for (const preset of presets) {
      expect(preset.description.length).toBeGreaterThan(10)
      expect(preset.config.model.layers.length).toBeGreaterThan(0)
    }
  })

  it('names every bad field of a configuration instead of failing the request', async () => {
    const bad = valueOf<ConfigCheck>(
      await app.call('config:validate', {
        config: {
          model: { inputShape: [28, 28, 1], layers: [{ type: 'dense', units: -3 }] },
          training: {}
        }
      })
    )
    expect(bad.valid).toBe(false)
    if (bad.valid) return
    expect(bad.problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(['model.layers[0].units', 'training.optimizer'])
    )
    const good = valueOf<ConfigCheck>(
      await app.call('config:validate', {
        config: {
          model: { inputShape: [8, 8, 1], layers: [{ type: 'dense', units: 4 }] },
          training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
        }
      })
    )
    expect(good.valid && good.config.training.batchSize).toBe(64)
  })

  it('refuses a config:validate request without the config wrapper', async () => {
    expect(errorOf(await app.call('config:validate', { model: {} }))).toMatch(/config:validate/)
  })
})
