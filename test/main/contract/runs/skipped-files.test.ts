import { describe, expect, it } from 'vitest'
import {
  extensionOf,
  groupSkipped,
  keptSkipped,
  skipKind,
  skippedSummaryLine
} from '../../../../main/contract/runs/skipped-files'

/** Reasons as the scanner and the decoder word them (scan-folder.ts, decode-image.ts). */
const NOT_IMAGE = 'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP'

describe('skipped files sorted into kinds', () => {
  it('calls a failed file with an image name a broken image, whatever the reason', () => {
    expect(skipKind({ path: 'cat/notes.png', reason: NOT_IMAGE })).toBe('broken-image')
    expect(skipKind({ path: 'cat/zero.PNG', reason: 'empty file (0 bytes)' })).toBe('broken-image')
    expect(skipKind({ path: 'cat/cut.jpg', reason: 'truncated: the JPEG data ends early' })).toBe(
      'broken-image'
    )
    expect(
      skipKind({ path: 'dog/pipe.png', reason: 'unreadable: not a regular file (a named pipe)' })
    ).toBe('broken-image')
  })

  it('calls a file with an image signature that failed to decode a broken image, whatever its name', () => {
    expect(skipKind({ path: 'cat/photo.dat', reason: 'corrupt image data (VipsJpeg: …)' })).toBe(
      'broken-image'
    )
    expect(skipKind({ path: 'cat/scan', reason: 'truncated: the PNG data ends early' })).toBe(
      'broken-image'
    )
  })

  it('keeps sounds, text and empty side files apart as not images', () => {
    expect(skipKind({ path: 'cat/meow.ogg', reason: NOT_IMAGE })).toBe('not-image')
    expect(skipKind({ path: 'cat/notes.txt', reason: 'empty file (0 bytes)' })).toBe('not-image')
  })

  it('keeps ignored and unreadable entries apart, even under an image name', () => {
    expect(
      skipKind({ path: 'stray.png', reason: 'ignored: a file outside any class folder' })
    ).toBe('ignored')
    expect(
      skipKind({ path: 'empty', reason: 'empty class folder: no usable images; the class is left out' })
    ).toBe('ignored')
    expect(
      skipKind({ path: 'cat/deep/loop', reason: 'symbolic link loop: it points back' })
    ).toBe('unreadable')
  })

  it('reads extensions in lower case and none from dot-files or folders', () => {
    expect(extensionOf('a/b/Song.OGG')).toBe('.ogg')
    expect(extensionOf('a/b.d/README')).toBe('')
    expect(extensionOf('a/.hidden')).toBe('')
  })
})

describe('grouping and keeping skipped files', () => {
  const skipped = [
    ...Array.from({ length: 5 }, (_, i) => ({ path: `a/s${i}.ogg`, reason: NOT_IMAGE })),
    ...Array.from({ length: 3 }, (_, i) => ({ path: `a/t${i}.txt`, reason: NOT_IMAGE })),
    { path: 'a/z-late.png', reason: 'truncated: the PNG data ends early' },
    { path: 'b/zz.jpg', reason: NOT_IMAGE },
    { path: 'c', reason: 'empty class folder: no usable images; the class is left out' }
  ]

  it('counts per kind and extension, broken images first, larger groups before smaller', () => {
    expect(groupSkipped(skipped)).toEqual([
      { kind: 'broken-image', extension: '.jpg', count: 1 },
      { kind: 'broken-image', extension: '.png', count: 1 },
      { kind: 'not-image', extension: '.ogg', count: 5 },
      { kind: 'not-image', extension: '.txt', count: 3 },
      { kind: 'ignored', extension: '', count: 1 }
    ])
  })

  it('says the groups in one line a person reads', () => {
    expect(skippedSummaryLine(groupSkipped(skipped))).toBe(
      '2 broken images (1 .jpg, 1 .png); 8 not images (5 .ogg, 3 .txt); 1 ignored (1 name without extension)'
    )
  })

  it('keeps every broken image even past the cap, and caps only the others', () => {
    const kept = keptSkipped(skipped, 2)
    expect(kept.map((s) => s.path)).toEqual(['a/z-late.png', 'b/zz.jpg', 'a/s0.ogg', 'a/s1.ogg'])
  })
})
