/**
 * An independent reader of TensorBoard event files for the tests: its own bit-by-bit CRC-32C
 * (no table, unlike the writer), TFRecord unframing that checks both CRCs of every record, and
 * a generic protobuf decoder that knows only the Event/Summary/HistogramProto field numbers.
 */

/** CRC-32C computed bit by bit from the reflected Castagnoli polynomial. */
export function crc32cBitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function masked(crc: number): number {
  const rotated = ((crc >>> 15) | (crc << 17)) >>> 0
  return (rotated + 0xa282ead8) >>> 0
}

/** Splits a TFRecord file into record payloads; throws on any bad CRC or truncated record. */
export function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const records: Uint8Array[] = []
  let at = 0
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`truncated header at byte ${at}`)
    const length = Number(view.getBigUint64(at, true))
    if (view.getUint32(at + 8, true) !== masked(crc32cBitwise(file.subarray(at, at + 8))))
      throw new Error(`bad length CRC at byte ${at}`)
    const data = file.subarray(at + 12, at + 12 + length)
    if (data.length !== length || at + 16 + length > file.length)
      throw new Error(`truncated record at byte ${at}`)
    if (view.getUint32(at + 12 + length, true) !== masked(crc32cBitwise(data)))
      throw new Error(`bad data CRC at byte ${at}`)
    records.push(data)
    at += 16 + length
  }
  return records
}

type Field =
  | { wire: 0; value: bigint }
  | { wire: 1; bytes: Uint8Array }
  | { wire: 2; bytes: Uint8Array }
  | { wire: 5; bytes: Uint8Array }

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let result = 0n
  let shift = 0n
  for (;;) {
    const b = bytes[at++]
    if (b === undefined) throw new Error('truncated varint')
    result |= BigInt(b & 0x7f) << shift
    if ((b & 0x80) === 0) return [result, at]
    shift += 7n
  }
}

/** Decodes one message into fields by number (repeated fields keep their order). */
export function decodeFields(bytes: Uint8Array): Map<number, Field[]> {
  const fields = new Map<number, Field[]>()
  let at = 0
  while (at < bytes.length) {
    const [key, next] = readVarint(bytes, at)
    at = next
    const number = Number(key >> 3n)
    const wire = Number(key & 7n)
    let field: Field
    if (wire === 0) {
      const [value, after] = readVarint(bytes, at)
      field = { wire, value }
      at = after
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4
      field = { wire, bytes: bytes.subarray(at, at + size) }
      at += size
    } else if (wire === 2) {
      const [len, after] = readVarint(bytes, at)
      field = { wire, bytes: bytes.subarray(after, after + Number(len)) }
      at = after + Number(len)
    } else throw new Error(`unsupported wire type ${wire}`)
    fields.set(number, [...(fields.get(number) ?? []), field])
  }
  return fields
}

const f64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true)
const f32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
function bytesOf(f: Field | undefined): Uint8Array {
  if (!f || f.wire === 0) throw new Error('expected a length-delimited or fixed field')
  return f.bytes
}

export interface DecodedHisto {
  min: number
  max: number
  num: number
  sum: number
  sumSquares: number
  limits: number[]
  counts: number[]
}

export interface DecodedEvent {
  wallTime: number
  step: number
  fileVersion: string | null
  values: { tag: string; simpleValue: number | null; histo: DecodedHisto | null }[]
}

function packedDoubles(f: Field | undefined): number[] {
  const b = bytesOf(f)
  return Array.from({ length: b.length / 8 }, (_, i) => f64(b.subarray(i * 8, i * 8 + 8)))
}

function decodeHisto(bytes: Uint8Array): DecodedHisto {
  const h = decodeFields(bytes)
  const d = (n: number) => f64(bytesOf(h.get(n)?.[0]))
  return {
    min: d(1),
    max: d(2),
    num: d(3),
    sum: d(4),
    sumSquares: d(5),
    limits: packedDoubles(h.get(6)?.[0]),
    counts: packedDoubles(h.get(7)?.[0])
  }
}

/** Decodes a tensorflow.Event (wall_time 1, step 2, file_version 3, summary 5). */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const e = decodeFields(bytes)
  const stepField = e.get(2)?.[0]
  const summary = e.get(5)?.[0]
  const values = summary
    ? (decodeFields(bytesOf(summary)).get(1) ?? []).map((vf) => {
        const v = decodeFields(bytesOf(vf))
        const simple = v.get(2)?.[0]
        const histo = v.get(5)?.[0]
        return {
          tag: text(bytesOf(v.get(1)?.[0])),
          simpleValue: simple ? f32(bytesOf(simple)) : null,
          histo: histo ? decodeHisto(bytesOf(histo)) : null
        }
      })
    : []
  const version = e.get(3)?.[0]
  return {
    wallTime: f64(bytesOf(e.get(1)?.[0])),
    step: stepField && stepField.wire === 0 ? Number(stepField.value) : 0,
    fileVersion: version ? text(bytesOf(version)) : null,
    values
  }
}
