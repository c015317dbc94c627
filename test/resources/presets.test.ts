/**
 * Every preset, run small on the bundled sample on wasm, shows the lecture claim its description
 * makes, on three seeds. The claims and their checks live in main/claims (the claims command,
 * `npm run claims`, runs the very same checks on any folder); this test asserts that each check
 * keeps its bound. A run two claims share (xavier-tanh at initialization) is trained once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIMS, ClaimRunner } from '../../main/claims/check-claims'

const SEEDS = [1, 2, 3]
let cacheDir: string
let runner: ClaimRunner

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'trainscape-claims-'))
  runner = new ClaimRunner({ data: { kind: 'sample' }, cacheDir })
})
afterAll(() => rm(cacheDir, { recursive: true, force: true }))

describe('every preset claim on the bundled sample', () => {
  for (const claim of CLAIMS) {
    it(`${claim.preset}: ${claim.statement} (seeds ${SEEDS.join(', ')})`, async () => {
      for (const seed of SEEDS) {
        const result = await runner.check(claim, seed)
        expect(result.checks.length, `seed ${seed}: ${result.error}`).toBeGreaterThan(0)
        expect(result.failed, `seed ${seed}`).toEqual([])
      }
    }, 240_000)
  }
})
