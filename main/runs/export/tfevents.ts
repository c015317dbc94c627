/**
 * TensorBoard event files: TFRecord framing (length, masked CRC-32C of the length, data,
 * masked CRC-32C of the data) around serialized `tensorflow.Event` protos. The first record is
 * `file_version: "brain.Event:2"`; the rest carry scalars (`simple_value`) and histograms
 * (`HistogramProto`). Pure: bytes in, bytes out.
 */
import type { Histogram } from '../../contract/runs/records'
import { maskedCrc32c } from './crc32c'
import { ProtoWriter } from './protobuf'

/** The largest finite double: TensorFlow's own last histogram bucket limit. */
const DBL_MAX = Number.MAX_VALUE

/** One TFRecord around `data`. Does not mutate. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4)
  const view = new DataView(out.buffer)
  view.setBigUint64(0, BigInt(data.length), true)
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true)
  out.set(data, 12)
  view.setUint32(12 + data.length, maskedCrc32c(data), true)
  return out
}

/** Event { wall_time = 1 (seconds), step = 2, file_version = 3 | summary = 5 }. */
function event(wallTime: number, step: number, body: (w: ProtoWriter) => void): Uint8Array {
  const writer = new ProtoWriter().double(1, wallTime).int(2, step)
  body(writer)
  return writer.finish()
}

export function fileVersionEvent(wallTime: number): Uint8Array {
  return event(wallTime, 0, (w) => w.string(3, 'brain.Event:2'))
}

/** A scalar: Summary { value { tag = 1, simple_value = 2 } }. NaN/±Inf are kept as floats. */
export function scalarEvent(
  wallTime: number,
  step: number,
  tag: string,
  value: number
): Uint8Array {
  const summaryValue = new ProtoWriter().string(1, tag).float(2, value)
  return event(wallTime, step, (w) => w.message(5, new ProtoWriter().message(1, summaryValue)))
}

/** Sufficient statistics TensorBoard shows next to a histogram. */
export interface HistogramMoments {
  min: number
  max: number
  /** Sum of the values and of their squares. */
  sum: number
  sumSquares: number
}

/**
 * Bucket limits and counts of a fixed-range histogram in TensorBoard's layout: bucket i covers
 * (limit[i-1], limit[i]]; underflow gets a bucket ending at `lo`, overflow one ending at DBL_MAX.
 */
export function histogramBuckets(h: Histogram): { limits: number[]; counts: number[] } {
  const width = (h.hi - h.lo) / h.counts.length
  const limits = [h.lo, ...h.counts.map((_, i) => h.lo + (i + 1) * width), DBL_MAX]
  return { limits, counts: [h.underflow, ...h.counts, h.overflow] }
}

/** A histogram: Summary { value { tag = 1, histo = 5 } } with HistogramProto fields 1–7. */
export function histogramEvent(
  wallTime: number,
  step: number,
  tag: string,
  h: Histogram,
  moments: HistogramMoments
): Uint8Array {
  const { limits, counts } = histogramBuckets(h)
  const histo = new ProtoWriter()
    .double(1, moments.min)
    .double(2, moments.max)
    .double(
      3,
      counts.reduce((a, b) => a + b, 0)
    )
    .double(4, moments.sum)
    .double(5, moments.sumSquares)
    .packedDoubles(6, limits)
    .packedDoubles(7, counts)
  const summaryValue = new ProtoWriter().string(1, tag).message(5, histo)
  return event(wallTime, step, (w) => w.message(5, new ProtoWriter().message(1, summaryValue)))
}

/** Concatenates framed records into one event file's bytes. */
export function eventFile(events: readonly Uint8Array[]): Uint8Array {
  const framed = events.map(frameRecord)
  const out = new Uint8Array(framed.reduce((n, r) => n + r.length, 0))
  let offset = 0
  for (const record of framed) {
    out.set(record, offset)
    offset += record.length
  }
  return out
}
