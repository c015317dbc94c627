/**
 * A minimal protocol-buffers encoder: just the wire types the TensorFlow Event, Summary and
 * HistogramProto messages need (varint, 64-bit, length-delimited, 32-bit). Pure.
 */

/** Accumulates one message's bytes. Each method appends one field and returns `this`. */
export class ProtoWriter {
  private chunks: number[] = []

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value))
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    this.chunks.push(Number(v))
  }

  private key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType)
  }

  /** int64 / uint64 / int32 / enum / bool field. */
  int(field: number, value: number | bigint): this {
    this.key(field, 0)
    this.varint(value)
    return this
  }

  double(field: number, value: number): this {
    this.key(field, 1)
    this.pushBytes(float64Bytes([value]))
    return this
  }

  float(field: number, value: number): this {
    this.key(field, 5)
    const bytes = new Uint8Array(4)
    new DataView(bytes.buffer).setFloat32(0, value, true)
    this.pushBytes(bytes)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2)
    this.varint(value.length)
    this.pushBytes(value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value))
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish())
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: readonly number[]): this {
    return this.bytes(field, float64Bytes(values))
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks)
  }

  private pushBytes(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.chunks.push(bytes[i]!)
  }
}

function float64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8)
  const view = new DataView(bytes.buffer)
  values.forEach((v, i) => view.setFloat64(i * 8, v, true))
  return bytes
}
