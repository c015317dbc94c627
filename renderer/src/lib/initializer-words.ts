/**
 * An initializer's name in prose, as the glossary and the lecture say it ("He normal",
 * "Xavier uniform"), for tables and cards that would otherwise show the config code
 * ("he-normal", "glorot-uniform", "random-normal(0, 0.03)"). Pure.
 */

const WORDS: Record<string, string> = {
  zeros: 'all zeros',
  constant: 'constant',
  'random-normal': 'random normal',
  'glorot-normal': 'Xavier normal',
  'glorot-uniform': 'Xavier uniform',
  'he-normal': 'He normal',
  'he-uniform': 'He uniform',
  'lecun-normal': 'LeCun normal',
  'pytorch-default': 'PyTorch default'
}

/**
 * "He normal" for "he-normal"; a label with parameters keeps them, in the lecture's notation:
 * "random-normal(0, 0.03)" → "random normal N(0, 0.03²)", "constant(0.1)" → "constant 0.1".
 * An unknown code is shown as it is.
 */
export function initializerWord(label: string): string {
  const m = /^([a-z-]+)\((.*)\)$/.exec(label)
  if (!m) return WORDS[label] ?? label
  const [, code = '', args = ''] = m
  const word = WORDS[code] ?? code
  if (code === 'random-normal') {
    const [mean, stddev] = args.split(',').map((a) => a.trim())
    return `${word} N(${mean}, ${stddev}²)`
  }
  return `${word} ${args}`
}
