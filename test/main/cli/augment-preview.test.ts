import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { augmentPreview } from '../../../main/cli/augment-preview'
import { tempFolder } from '../data/folder/fixture-images'

const PRESET = join(import.meta.dirname, '../../../resources/presets/augment.json')

describe('npm run augment-preview', () => {
  it('writes each chosen image and its augmented versions as PNGs of the input shape, plus a sheet', async () => {
    const out = tempFolder('preview')
    const written = await augmentPreview([
      '--data',
      'sample',
      '--config',
      PRESET,
      '--out',
      out,
      '--images',
      '3',
      '--copies',
      '4'
    ])
    expect(written).toHaveLength(3 * 5 + 1)
    expect(readdirSync(out)).toContain('sheet.png')
    const originals = written.filter((f) => f.endsWith('-original.png'))
    expect(originals.map((f) => f.split('/').at(-1))).toEqual([
      expect.stringMatching(/^01-ankle-boot_\d+-original\.png$/),
      expect.stringMatching(/^02-bag_\d+-original\.png$/),
      expect.stringMatching(/^03-coat_\d+-original\.png$/)
    ])
    const raw = async (file: string) => {
      const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true })
      expect([info.width, info.height]).toEqual([28, 28])
      return data
    }
    const original = await raw(originals[0]!)
    const versions = await Promise.all(written.slice(1, 5).map(raw))
    expect(versions.some((v) => !v.equals(original))).toBe(true)
  })

  it('refuses a configuration without augmentation with a message saying so', async () => {
    const config = join(tempFolder('cfg'), 'plain.json')
    writeFileSync(
      config,
      JSON.stringify({
        model: { inputShape: [28, 28, 1], layers: [{ type: 'flatten' }] },
        training: { optimizer: { type: 'sgd', learningRate: 0.1 } }
      })
    )
    await expect(augmentPreview(['--config', config, '--out', tempFolder('o')])).rejects.toThrow(
      'The configuration has no data.augmentation: there is nothing to preview.'
    )
  })

  it('names a configuration file that is not valid JSON', async () => {
    const config = join(tempFolder('cfg'), 'broken.json')
    writeFileSync(config, '{"model": ')
    await expect(augmentPreview(['--config', config, '--out', tempFolder('o')])).rejects.toThrow(
      `The configuration file ${config} is not valid JSON:`
    )
  })

  it('refuses an output path that is a file, saying so instead of a raw EEXIST', async () => {
    const file = join(tempFolder('o'), 'a-file')
    writeFileSync(file, '')
    await expect(augmentPreview(['--config', PRESET, '--out', file])).rejects.toThrow(
      `Cannot write the preview to ${file}: it is a file, not a folder. Choose a folder path.`
    )
  })

  it('points to --help after an unknown option', async () => {
    await expect(augmentPreview(['--config', PRESET, '--outdir', 'x'])).rejects.toThrow(
      /^Unknown option '--outdir'\. See --help\.$/
    )
  })
})
