import { describe, expect, it } from 'vitest'
import { crc32c, maskedCrc32c } from '../../../../main/runs/export/crc32c'
import {
  eventFile,
  fileVersionEvent,
  histogramEvent,
  scalarEvent
} from '../../../../main/runs/export/tfevents'
import { crc32cBitwise, decodeEvent, readRecords } from './tfrecord-reader'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('CRC-32C', () => {
  it('matches the standard check value 0xE3069283 for "123456789"', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283)
    expect(crc32cBitwise(bytes('123456789'))).toBe(0xe3069283)
  })

  it('agrees with an independent bitwise implementation on random data', () => {
    let seed = 7
    for (let n = 0; n < 50; n++) {
      const data = Uint8Array.from(
        { length: n * 13 },
        () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
      )
      expect(crc32c(data)).toBe(crc32cBitwise(data))
    }
  })

  it('masks by rotating 15 bits right and adding 0xa282ead8', () => {
    const crc = crc32c(bytes('abc'))
    expect(maskedCrc32c(bytes('abc'))).toBe((((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0)
  })
})

describe('event files', () => {
  const histogram = { lo: -1, hi: 1, counts: [1, 2, 3, 4], underflow: 5, overflow: 6 }
  const file = eventFile([
    fileVersionEvent(1000.5),
    scalarEvent(1001, 3, 'train/loss', 0.25),
    scalarEvent(1002, 4, 'train/loss', Number.NaN),
    histogramEvent(1003, 5, 'dense_1/pre', histogram, { min: -2, max: 3, sum: 1.5, sumSquares: 9 })
  ])

  it('frames every record with valid masked CRCs and starts with brain.Event:2', () => {
    const events = readRecords(file).map(decodeEvent)
    expect(events).toHaveLength(4)
    expect(events[0]!.fileVersion).toBe('brain.Event:2')
    expect(events[0]!.wallTime).toBe(1000.5)
  })

  it('stores scalars as float simple_value with tag and step, NaN included', () => {
    const [, a, b] = readRecords(file).map(decodeEvent)
    expect(a).toMatchObject({
      step: 3,
      wallTime: 1001,
      values: [{ tag: 'train/loss', simpleValue: 0.25 }]
    })
    expect(b!.values[0]!.simpleValue).toBeNaN()
  })

  it('stores histograms with underflow and overflow buckets and the moments', () => {
    const h = decodeEvent(readRecords(file)[3]!).values[0]!.histo!
    expect(h.counts).toEqual([5, 1, 2, 3, 4, 6])
    expect(h.limits.slice(0, 5)).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(h.limits[5]).toBe(Number.MAX_VALUE)
    expect(h).toMatchObject({ min: -2, max: 3, num: 21, sum: 1.5, sumSquares: 9 })
  })

  it('is rejected by the reader when a single byte is flipped', () => {
    const damaged = file.slice()
    damaged[40]! ^= 0x01
    expect(() => readRecords(damaged)).toThrow(/CRC/)
  })
})
