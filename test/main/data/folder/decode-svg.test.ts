/**
 * SVG files beside raster images: rasterized by sharp (librsvg) at the model's input size, with
 * no external file or URL loaded, and refused with a reason when they cannot be drawn safely.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { decodeImageFile, UnusableImage } from '../../../../main/data/folder/decode-image'
import { isSvgText } from '../../../../main/data/folder/image-format'
import { skipKind } from '../../../../main/contract/runs/skipped-files'
import { put, solidPng, tempFolder } from './fixture-images'
import { removeTempDirs } from '../../../helpers/temp-dirs'

afterAll(removeTempDirs)

const root = tempFolder('decode-svg')
const SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'

/** The pixel [r, g, b] at (x, y) of row-major RGB `pixels` `width` wide. */
const at = (pixels: Uint8Array, width: number, x: number, y: number) => [
  ...pixels.subarray(3 * (y * width + x), 3 * (y * width + x) + 3)
]

async function reasonOf(path: string, shape: [number, number, number] = [32, 32, 3]) {
  const error = await decodeImageFile(path, shape, 'stretch').then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UnusableImage)
  return (error as Error).message
}

describe('SVG files', () => {
  it('recognizes SVG text by its tag, after an XML declaration and a comment', () => {
    const text = (s: string) => new TextEncoder().encode(s)
    expect(
      isSvgText(text(`\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg ${SVG_NS}>`))
    ).toBe(true)
    expect(isSvgText(text('<html><body>no drawing</body></html>'))).toBe(false)
    expect(isSvgText(text('an svg is <svg> text'))).toBe(false)
  })

  it('rasterizes at the input size: a one-unit stripe of a 4×4 drawing is 16 sharp columns at 64×64', async () => {
    const path = put(
      root,
      'stripe.svg',
      `<?xml version="1.0"?><svg ${SVG_NS} width="4" height="4"><rect width="4" height="4" fill="#00f"/><rect x="1.5" width="1" height="4" fill="#f00"/></svg>`
    )
    const pixels = await decodeImageFile(path, [64, 64, 3], 'stretch')
    expect(pixels.length).toBe(64 * 64 * 3)
    // Drawn at 64 px, not drawn at 4 (two half-red pixels) and enlarged: x 24–39 pure red.
    const row = Array.from({ length: 64 }, (_, x) => at(pixels, 64, x, 10).join(','))
    expect(row.slice(24, 40)).toEqual(Array(16).fill('255,0,0'))
    expect([row[23], row[40]]).toEqual(['0,0,255', '0,0,255'])
  })

  it('loads no external file or address an <image> names', async () => {
    const red = put(root, 'red.png', await solidPng({ r: 255, g: 0, b: 0 }, 16, 16))
    for (const href of [`file://${red}`, red, 'red.png', 'http://127.0.0.1:9/red.png']) {
      const path = put(
        root,
        'linked.svg',
        `<svg ${SVG_NS} width="16" height="16"><rect width="16" height="16" fill="#00f"/><image width="16" height="16" xlink:href="${href}"/></svg>`
      )
      const pixels = await decodeImageFile(path, [16, 16, 3], 'stretch')
      expect(at(pixels, 16, 8, 8), href).toEqual([0, 0, 255])
    }
  })

  it('refuses a drawing whose render at the input size would pass the pixel limit', async () => {
    const path = put(root, 'thin.svg', `<svg ${SVG_NS} width="1" height="100000"></svg>`)
    // cover to 32×32 needs 32× scale: 32 × 3,200,000 px, over 50 megapixels
    expect(await reasonOf(path)).toMatch(
      /^too large: an SVG of 1×100000 would render 102 megapixels/
    )
  })

  it('calls broken SVG markup a broken image, with its own reason', async () => {
    const path = put(root, 'cut.svg', `<svg ${SVG_NS} width="8" height="8"><rect width="8" he`)
    const reason = await reasonOf(path)
    expect(reason).toMatch(/^broken SVG/)
    expect(skipKind({ path: 'a/cut.svg', reason })).toBe('broken-image')
    expect(skipKind({ path: 'a/cut.xml', reason })).toBe('broken-image')
  })
})
