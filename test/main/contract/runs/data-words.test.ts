import { describe, expect, it } from 'vitest'
import {
  dataSourceText,
  normalizationWords,
  splitCountsText
} from '../../../../main/contract/runs/data-words'

describe("a run's data in words", () => {
  it('names the folder of an engine run, the dataset a PyTorch script named, or says it was not named', () => {
    expect(dataSourceText({ root: '/home/a/flowers' }, 'wasm')).toBe('/home/a/flowers')
    expect(dataSourceText({ root: '', name: 'CIFAR-10' }, 'pytorch')).toBe('CIFAR-10')
    expect(dataSourceText({ root: '' }, 'pytorch')).toBe('not named by the PyTorch script')
  })

  it('never claims a PyTorch run predates normalization: it says what the script told, or that it was not told', () => {
    expect(normalizationWords(undefined, 'pytorch')).toBe(
      'not known: the PyTorch script prepares its own inputs (pass mean and std in Probe(dataset=…) to record them)'
    )
    expect(
      normalizationWords({ mode: 'standardize', mean: [0.5], std: [0.25] }, 'pytorch')
    ).toBe("standardized per channel with the PyTorch script's mean 0.500, std 0.250")
    expect(normalizationWords(undefined, 'wasm')).toMatch(/predates input normalization/)
  })

  it('totals each split', () => {
    expect(splitCountsText({ train: { a: 30000, b: 20000 }, test: { a: 5000, b: 5000 } })).toBe(
      'train 50,000, test 10,000 examples'
    )
    expect(splitCountsText({})).toBe('')
  })
})
