import { describe, expect, it } from 'vitest'
import { reportBaseName } from '../../../../main/contract/runs/export-formats'

describe('the name of a report file', () => {
  it('comes from the run’s name and the minute it started, never just "report"', () => {
    expect(reportBaseName('relu-he', '2026-12-07T23:40:12.345Z')).toBe('relu-he-20261207-2340-report')
  })

  it('turns a person’s name into a safe file name', () => {
    expect(reportBaseName('Zeros baseline / Café #2', '2026-01-02T03:04:05Z')).toBe(
      'zeros-baseline-cafe-2-20260102-0304-report'
    )
    expect(reportBaseName('../../etc', '2026-01-02T03:04:05Z')).toBe('etc-20260102-0304-report')
  })

  it('leaves an unreadable start time out and names a nameless run "run"', () => {
    expect(reportBaseName('★', 'yesterday')).toBe('run-report')
  })
})
