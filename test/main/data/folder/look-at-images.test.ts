/**
 * The size and colour sample behind the input shape: images only (side files and broken images
 * do not count toward it), spread over the whole folder.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { lookAtImages, SHAPE_SAMPLE } from '../../../../main/data/folder/look-at-images'
import { scanFolder } from '../../../../main/data/folder/scan-folder'
import { spreadOrder } from '../../../../main/data/folder/sniff-file'
import { removeTempDirs } from '../../../helpers/temp-dirs'
import { put, solidPng, tempFolder } from './fixture-images'

afterAll(removeTempDirs)

const GREY = { r: 90, g: 90, b: 90 }

describe('the image sample behind the input shape', () => {
  it('samples images only, however many side files sit beside them', async () => {
    const root = tempFolder('look')
    for (let i = 0; i < 300; i++)
      put(root, `a/notes-${String(i).padStart(3, '0')}.txt`, `note ${i}`)
    for (let i = 0; i < 7; i++) put(root, `a/img-${i}.png`, await solidPng(GREY, 40, 30))
    for (let i = 0; i < 5; i++) put(root, `b/img-${i}.png`, await solidPng(GREY, 20, 10))
    put(root, 'b/broken.png', 'not a picture')
    const looks = await lookAtImages((await scanFolder(root)).files)
    expect(looks).toHaveLength(12)
    const sizes = looks.map((l) => `${l.width}×${l.height}`).sort()
    expect(sizes).toEqual([...Array(5).fill('20×10'), ...Array(7).fill('40×30')])
  })

  it('spreads a capped sample over the whole folder, not its first class', async () => {
    const root = tempFolder('look-spread')
    const png = await solidPng(GREY, 12, 12)
    const wide = await solidPng(GREY, 24, 12)
    for (let i = 0; i < 150; i++) put(root, `a/${String(i).padStart(3, '0')}.png`, png)
    for (let i = 0; i < 150; i++) put(root, `b/${String(i).padStart(3, '0')}.png`, wide)
    const looks = await lookAtImages((await scanFolder(root)).files)
    expect(looks).toHaveLength(SHAPE_SAMPLE)
    const fromB = looks.filter((l) => l.width === 24).length
    // Half the files are b's: an even spread takes close to half of the sample from them
    expect(Math.abs(fromB - SHAPE_SAMPLE / 2)).toBeLessThanOrEqual(5)
  })

  it('orders indices as a permutation whose prefixes cover the range evenly', () => {
    for (const n of [0, 1, 2, 3, 10, 97, 100, 4297]) {
      const order = spreadOrder(n)
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
    }
    // The first tenth of 4,297 indices lands in every tenth of the range
    const first = spreadOrder(4297).slice(0, 430)
    for (let d = 0; d < 10; d++) {
      const inDecile = first.filter((i) => Math.floor((i * 10) / 4297) === d).length
      expect(inDecile).toBeGreaterThan(30)
    }
  })
})
