import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { declaredSize, isTruncated, sniffFormat } from '../../../../main/data/folder/image-format'
import { bmp, bombPng, truncate } from './fixture-images'

const encode = (format: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff') =>
  sharp({ create: { width: 30, height: 20, channels: 3, background: '#336699' } })
    .toFormat(format)
    .toBuffer()

describe('sniffFormat', () => {
  it('names every format sharp writes, and BMP, from the first bytes alone', async () => {
    for (const format of ['jpeg', 'png', 'webp', 'gif', 'tiff'] as const) {
      expect(sniffFormat((await encode(format)).subarray(0, 32))).toBe(format)
    }
    expect(sniffFormat(bmp(2, 2, 24, () => ({ r: 1, g: 2, b: 3 })))).toBe('bmp')
  })

  it('returns null for text, empty input and a lone "BM"', () => {
    expect(sniffFormat(Buffer.from('GIF? no, a shopping list'))).toBeNull()
    expect(sniffFormat(new Uint8Array(0))).toBeNull()
    expect(sniffFormat(Buffer.from('BM'))).toBeNull()
  })
})

describe('declaredSize', () => {
  it('reads the dimensions a PNG, GIF or BMP header declares without decoding', async () => {
    expect(declaredSize('png', bombPng(20000, 30000))).toEqual({ width: 20000, height: 30000 })
    expect(declaredSize('gif', await encode('gif'))).toEqual({ width: 30, height: 20 })
    expect(
      declaredSize(
        'bmp',
        bmp(7, 5, 24, () => ({ r: 0, g: 0, b: 0 }))
      )
    ).toEqual({ width: 7, height: 5 })
    expect(declaredSize('jpeg', await encode('jpeg'))).toBeNull()
  })
})

describe('isTruncated', () => {
  it('tells a complete JPEG, PNG, GIF and WebP from one cut short', async () => {
    for (const format of ['jpeg', 'png', 'gif', 'webp'] as const) {
      const whole = await encode(format)
      expect([format, isTruncated(format, whole)]).toEqual([format, false])
      expect([format, isTruncated(format, truncate(whole, 0.7))]).toEqual([format, true])
    }
  })
})
