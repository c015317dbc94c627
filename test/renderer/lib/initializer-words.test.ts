import { describe, expect, it } from 'vitest'
import { INITIALIZERS } from '../../../main/contract/config/schema'
import { initializerWord } from '../../../renderer/src/lib/initializer-words'

describe('initializerWord', () => {
  it('has words, not a hyphenated config code, for every initializer the config accepts', () => {
    for (const code of INITIALIZERS) expect(initializerWord(code)).not.toMatch(/-/)
  })

  it('calls Glorot initialization Xavier, as the lecture does', () => {
    expect(initializerWord('glorot-uniform')).toBe('Xavier uniform')
    expect(initializerWord('he-normal')).toBe('He normal')
    expect(initializerWord('pytorch-default')).toBe('PyTorch default')
  })

  it('keeps the parameters the run table writes, in the lecture notation', () => {
    expect(initializerWord('random-normal(0, 0.03)')).toBe('random normal N(0, 0.03²)')
    expect(initializerWord('constant(0.1)')).toBe('constant 0.1')
  })

  it('shows an initializer it does not know as written', () => {
    expect(initializerWord('orthogonal')).toBe('orthogonal')
  })
})
