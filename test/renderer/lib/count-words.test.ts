import { describe, expect, it } from 'vitest'
import { countOf } from '../../../renderer/src/lib/count-words'

describe('counts in words', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(countOf(1, 'file')).toBe('1 file')
    expect(countOf(0, 'file')).toBe('0 files')
    expect(countOf(2, 'image')).toBe('2 images')
    expect(countOf(1, 'class')).toBe('1 class')
    expect(countOf(3, 'class')).toBe('3 classes')
    expect(countOf(2, 'index', 'indices')).toBe('2 indices')
  })
})
