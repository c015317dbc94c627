/**
 * Every preset, run small on the bundled sample on wasm, shows the lecture claim its description
 * makes, on three seeds. The claims and their checks live in main/claims (the claims command,
 * `npm run claims`, runs the very same checks on any folder); this test asserts that each check
 * keeps its bound. A run two claims share (xavier-tanh at initialization) is trained once, and
 * a run another test file trains too (relu-dying and leaky-relu on seed 1, as the findings test
 * trains them) once per suite run, through the shared store of test/resources/preset-runs.ts.
 */
import { describe, expect, it } from 'vitest'
import { CLAIMS, ClaimRunner } from '../../main/claims/check-claims'
import { sharedPlace, sharedRun } from './preset-runs'

const SEEDS = [1, 2, 3]
const runner = new ClaimRunner(sharedPlace(), sharedRun)

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
