/**
 * The slow-first lists name real test files of the right config, each once, so a renamed or
 * moved file cannot silently drop out of the order the sequencer gives.
 */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SLOWEST_E2E_FILES, SLOWEST_UNIT_FILES } from './slowest-files'

describe('the slowest test files', () => {
  it('lists existing unit test files outside test/e2e, each once', () => {
    for (const path of SLOWEST_UNIT_FILES) {
      expect(existsSync(path), path).toBe(true)
      expect(path).toMatch(/^test\/(?!e2e\/).+\.test\.ts$/)
    }
    expect(new Set(SLOWEST_UNIT_FILES).size).toBe(SLOWEST_UNIT_FILES.length)
  })

  it('lists existing end-to-end test files, each once', () => {
    for (const path of SLOWEST_E2E_FILES) {
      expect(existsSync(path), path).toBe(true)
      expect(path).toMatch(/^test\/e2e\/.+\.e2e\.test\.ts$/)
    }
    expect(new Set(SLOWEST_E2E_FILES).size).toBe(SLOWEST_E2E_FILES.length)
  })
})
