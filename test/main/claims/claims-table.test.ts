import { describe, expect, it } from 'vitest'
import type { ClaimResult } from '../../../main/claims/check-claims'
import { claimsTable, claimsTableRows } from '../../../main/claims/claims-table'

const check = (measured: number) => ({
  label: 'Var(pre) last / first',
  measured,
  op: '>' as const,
  limit: 0.5,
  theory: '1 (He)'
})

const results: ClaimResult[] = [
  {
    preset: 'relu-he',
    statement: 'keeps the variance | steady',
    seeds: [
      { seed: 1, checks: [check(0.97)], failed: [], error: null },
      { seed: 2, checks: [check(0.42)], failed: ['x'], error: null },
      { seed: 3, checks: [], failed: ['boom'], error: 'relu-he-s3 ended failed at step 0: boom' }
    ]
  }
]

describe('the claims table', () => {
  it('gives per claim the seeds passed, then per check its range, bound and theory, then failed seeds', () => {
    expect(claimsTableRows(results)).toEqual([
      expect.objectContaining({ kind: 'claim', preset: 'relu-he', passed: 1, seeds: 3 }),
      expect.objectContaining({
        kind: 'check',
        claim: 'Var(pre) last / first',
        passed: 1,
        seeds: 3,
        measured: '0.42 – 0.97',
        needs: '> 0.5',
        theory: '1 (He)'
      }),
      expect.objectContaining({
        kind: 'error',
        claim: 'seed 3 did not finish: relu-he-s3 ended failed at step 0: boom'
      })
    ])
  })

  it('prints the same rows as Markdown, escaping the cell separator', () => {
    expect(claimsTable(results).split('\n')).toEqual([
      '| preset | claim / check | seeds passed | measured (over seeds) | needs | theory |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `relu-he` | keeps the variance \\| steady | 1/3 | | | |',
      '| | Var(pre) last / first | 1/3 | 0.42 – 0.97 | > 0.5 | 1 (He) |',
      '| | seed 3 did not finish: relu-he-s3 ended failed at step 0: boom | | | | |'
    ])
  })
})
