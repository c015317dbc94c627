import { describe, expect, it } from 'vitest'
import {
  answerIsCurrent,
  filterSkipped,
  rowWindow,
  splitBroken
} from '../../../renderer/src/lib/skipped-list'

const NOT_IMAGE = 'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF, BMP or SVG'
const skipped = [
  { path: 'birds/a.ogg', reason: NOT_IMAGE },
  { path: 'birds/b.txt', reason: NOT_IMAGE },
  { path: 'birds/zz/cut.png', reason: 'truncated: the PNG data ends early' },
  { path: 'fish/text.png', reason: NOT_IMAGE }
]

describe('the skipped-file list', () => {
  it('sets broken images apart, keeping the order', () => {
    const { broken, others } = splitBroken(skipped)
    expect(broken.map((s) => s.path)).toEqual(['birds/zz/cut.png', 'fish/text.png'])
    expect(others.map((s) => s.path)).toEqual(['birds/a.ogg', 'birds/b.txt'])
  })

  it('filters by every word, in path or reason, ignoring case', () => {
    expect(filterSkipped(skipped, '  ')).toHaveLength(4)
    expect(filterSkipped(skipped, '.OGG').map((s) => s.path)).toEqual(['birds/a.ogg'])
    expect(filterSkipped(skipped, 'birds truncated').map((s) => s.path)).toEqual([
      'birds/zz/cut.png'
    ])
    expect(filterSkipped(skipped, 'fish ogg')).toEqual([])
  })

  it('draws only the rows in view, plus the overscan, over a list of any length', () => {
    // 100,000 rows of 18 px, a 216 px viewport (12 rows) scrolled to row 500
    expect(rowWindow(100_000, 18, 500 * 18, 216, 8)).toEqual({
      start: 492,
      end: 520,
      top: 492 * 18,
      height: 1_800_000
    })
    expect(rowWindow(5, 18, 0, 216, 8)).toEqual({ start: 0, end: 5, top: 0, height: 90 })
    // Scrolled past the end (the list shrank under a filter): nothing beyond the last row
    expect(rowWindow(3, 18, 9000, 216, 8)).toEqual({ start: 3, end: 3, top: 54, height: 54 })
  })

  it('drops a late answer for a folder chosen before', () => {
    const old = { kind: 'folder', path: '/data/old' } as const
    const now = { source: { kind: 'folder', path: '/data/new' } as const, root: '/data/new' }
    expect(answerIsCurrent(old, '/data/old', now)).toBe(false)
    expect(answerIsCurrent(old, null, now)).toBe(false)
    expect(answerIsCurrent(now.source, '/data/new', now)).toBe(true)
    // Same path typed again, but the folder on screen is another real folder (a moved link)
    expect(answerIsCurrent(now.source, '/data/elsewhere', now)).toBe(false)
    expect(
      answerIsCurrent({ kind: 'sample' }, '/s', { source: { kind: 'sample' }, root: '/s' })
    ).toBe(true)
  })
})
