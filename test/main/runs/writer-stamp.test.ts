import { describe, expect, it } from 'vitest'
import {
  formatWriterStamp,
  HEARTBEAT_STALE_MS,
  parseWriterStamp,
  writerStampAlive,
  type WriterFacts
} from '../../../main/runs/writer-stamp'

const stamp = { pid: 4242, start: '95965', host: 'lab-1' }
const facts = (over: Partial<WriterFacts>): WriterFacts => ({
  host: 'lab-1',
  pidAlive: true,
  pidStart: '95965',
  heartbeatAgeMs: 1_000,
  ...over
})

describe('writer stamp', () => {
  it('reads back what it writes, and the older bare-PID format', () => {
    expect(parseWriterStamp(formatWriterStamp(stamp))).toEqual(stamp)
    expect(parseWriterStamp('1234\n')).toEqual({ pid: 1234, start: null, host: null })
    for (const bad of ['', 'abc', '{"pid":-3}', '{"pid":1.5}', '0', '[1]'])
      expect(parseWriterStamp(bad)).toBeNull()
  })

  it('counts a reused PID (same host, other start time) as a writer that is gone', () => {
    expect(writerStampAlive(stamp, facts({}))).toBe(true)
    expect(writerStampAlive(stamp, facts({ pidStart: '1' }))).toBe(false)
    expect(writerStampAlive(stamp, facts({ pidAlive: false, pidStart: null }))).toBe(false)
  })

  it('lets the heartbeat decide where no start time can be compared', () => {
    const stale = HEARTBEAT_STALE_MS + 1
    expect(writerStampAlive(stamp, facts({ pidStart: null }))).toBe(true)
    expect(writerStampAlive(stamp, facts({ pidStart: null, heartbeatAgeMs: stale }))).toBe(false)
    expect(writerStampAlive(stamp, facts({ host: 'lab-2', pidAlive: false }))).toBe(true)
    expect(writerStampAlive(stamp, facts({ host: 'lab-2', heartbeatAgeMs: stale }))).toBe(false)
  })

  it('keeps the old bare-PID behaviour: alive while that PID is', () => {
    const old = { pid: 4242, start: null, host: null }
    expect(writerStampAlive(old, facts({ heartbeatAgeMs: 1e9 }))).toBe(true)
    expect(writerStampAlive(old, facts({ pidAlive: false }))).toBe(false)
  })

  it('does not take a heartbeat from the future, beyond the staleness window, as a live writer', () => {
    const ahead = -(HEARTBEAT_STALE_MS + 1)
    expect(writerStampAlive(stamp, facts({ host: 'lab-2', heartbeatAgeMs: ahead }))).toBe(false)
    expect(writerStampAlive(stamp, facts({ host: 'lab-2', heartbeatAgeMs: -5_000 }))).toBe(true)
  })
})
