/**
 * An initializer's name in prose, as the glossary and the lecture say it ("He normal",
 * "Xavier uniform"), for tables and cards that would otherwise show the config code
 * ("he-normal", "glorot-uniform"). Pure.
 */

const WORDS: Record<string, string> = {
  zeros: 'all zeros',
  constant: 'constant',
  'random-normal': 'small random normal',
  'glorot-normal': 'Xavier normal',
  'glorot-uniform': 'Xavier uniform',
  'he-normal': 'He normal',
  'he-uniform': 'He uniform',
  'lecun-normal': 'LeCun normal',
  'pytorch-default': 'PyTorch default'
}

/** "He normal" for "he-normal"; an unknown code is shown as it is. */
export function initializerWord(code: string): string {
  return WORDS[code] ?? code
}
