import { describe, expect, it } from 'vitest'
import type { ClaimsJob, ClaimsTableRow } from '../../../main/contract/ipc/claims'
import {
  outcomeLine,
  parseSeeds,
  stepFraction,
  stepLine
} from '../../../renderer/src/lib/claims-words'

/** The table row of a claim that held on `passed` of `seeds` seeds. */
const claimRow = (preset: string, passed: number, seeds: number): ClaimsTableRow => ({
  kind: 'claim',
  preset,
  claim: 'states something',
  passed,
  seeds,
  measured: '',
  needs: '',
  theory: ''
})

function job(patch: Partial<ClaimsJob>): ClaimsJob {
  return {
    jobId: 1,
    phase: 'done',
    data: 'the bundled sample',
    seeds: [1, 2],
    preset: null,
    step: null,
    rows: [],
    markdown: '',
    error: null,
    startedAt: '2026-12-03T18:00:00.000Z',
    endedAt: '2026-12-03T18:01:00.000Z',
    ...patch
  }
}

describe('the seeds a person types', () => {
  it('takes commas and spaces', () => {
    expect(parseSeeds('1, 2,3')).toEqual({ seeds: [1, 2, 3] })
    expect(parseSeeds(' 4 5 ')).toEqual({ seeds: [4, 5] })
    expect(parseSeeds('0')).toEqual({ seeds: [0] })
  })

  it('says what is wrong with anything else', () => {
    expect(parseSeeds('')).toEqual({ error: 'Give at least one seed, e.g. 1, 2, 3.' })
    expect(parseSeeds('1, x')).toEqual({
      error: '"x" is not a seed: seeds are whole numbers ≥ 0.'
    })
    expect(parseSeeds('-1')).toMatchObject({ error: expect.stringContaining('"-1"') })
    expect(parseSeeds('1.5')).toMatchObject({ error: expect.stringContaining('"1.5"') })
    expect(parseSeeds('2, 2')).toEqual({ error: 'A seed is listed twice.' })
    expect(parseSeeds('1 2 3 4 5 6 7 8 9 10 11')).toEqual({ error: 'At most 10 seeds at a time.' })
  })
})

describe('a running check in words', () => {
  const step = { claim: 2, claims: 13, preset: 'tanh-deep', seed: 5, seedIndex: 2, seeds: 3 }

  it('names the claim and the seed with their places', () => {
    expect(stepLine(step)).toBe('claim 2 of 13 (tanh-deep), seed 5 (2 of 3)')
  })

  it('counts the (claim, seed) pairs started before the step', () => {
    expect(stepFraction(step)).toBeCloseTo(4 / 39)
    expect(stepFraction({ ...step, claim: 1, seedIndex: 1 })).toBe(0)
  })
})

describe('how an ended check came out', () => {
  const held = claimRow('relu-he', 2, 2)
  const missed = claimRow('relu-dying', 1, 2)
  const check: ClaimsTableRow = { ...claimRow('relu-dying', 1, 2), kind: 'check' }

  it('counts the claims that held on every seed', () => {
    expect(outcomeLine(job({ rows: [held, missed, check] }))).toBe(
      'Checked on the bundled sample, seeds 1, 2: 1 of 2 claims held on every seed.'
    )
    expect(outcomeLine(job({ seeds: [7], rows: [claimRow('relu-he', 1, 1)] }))).toBe(
      'Checked on the bundled sample, seed 7: 1 of 1 claim held on every seed.'
    )
  })

  it('says so when cancelled or failed, and nothing while it runs', () => {
    expect(outcomeLine(job({ phase: 'cancelled' }))).toBe(
      'Cancelled before the first claim was checked.'
    )
    expect(outcomeLine(job({ phase: 'cancelled', rows: [missed, check] }))).toBe(
      'Cancelled: 0 of 1 claim held on every seed so far.'
    )
    expect(outcomeLine(job({ phase: 'failed', error: 'The folder is empty.' }))).toBe(
      'The check failed: The folder is empty.'
    )
    expect(outcomeLine(job({ phase: 'running' }))).toBeNull()
  })
})
