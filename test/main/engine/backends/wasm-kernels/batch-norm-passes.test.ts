import { describe, expect, it } from 'vitest'
import {
  batchNormBackward,
  batchNormForward
} from '../../../../../main/engine/backends/wasm-kernels/batch-norm'
import {
  batchNormBackwardSimd,
  batchNormForwardSimd,
  CHUNK_ROWS,
  period,
  scratchFloats
} from '../../../../../main/engine/backends/wasm-kernels/batch-norm-passes'
import { batchNormLoopsFor } from '../../../../../main/engine/backends/wasm-kernels/batch-norm-simd'
import {
  wasmApi,
  type WasmMemory
} from '../../../../../main/engine/backends/wasm-kernels/wasm-loops'
import { seeded } from '../cpu-reference'

// Batch norm through the SIMD loops against the JavaScript reference (float64 sums), on a plain
// memory and on a shared one like the multi-threaded backend's, for channel counts with and
// without a tail after blocks of four and row counts around the chunk size.

const EPSILON = 1e-3
/** Channels' offsets and spreads, repeating: a far-off mean with a tiny spread among them. */
const OFFSETS = [1.5, -3, 100, 0]
const SPREADS = [4, 0.5, 0.01, 1]

function memoryOf(kind: 'plain' | 'shared', floats: number): WasmMemory {
  const initial = Math.ceil((floats * 4) / 65536) + 1
  const api = wasmApi as unknown as {
    Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory
  }
  return kind === 'plain'
    ? new api.Memory({ initial })
    : new api.Memory({ initial, maximum: 65536, shared: true })
}

/** Views on `memory`, one after another, each starting 4 bytes past a 16-byte boundary. */
function allocator(memory: WasmMemory): (length: number) => Float32Array {
  let next = 4
  return (length) => {
    const view = new Float32Array(memory.buffer, next, length).fill(NaN)
    next += Math.ceil((length * 4) / 16) * 16 + 16
    return view
  }
}

/** Per-channel mean, then the mean squared deviation from it, in float64: the moments' truth. */
function twoPassMoments(x: Float32Array, channels: number) {
  const rows = x.length / channels
  const mean = new Float64Array(channels)
  const variance = new Float64Array(channels)
  x.forEach((v, i) => (mean[i % channels]! += v / rows))
  x.forEach((v, i) => (variance[i % channels]! += (v - mean[i % channels]!) ** 2 / rows))
  return { mean, variance }
}

/** Largest |a − b| relative to the largest |b| (at least `floor`). */
function relative(a: Float32Array, b: Float32Array, floor = 1): number {
  const scale = Math.max(floor, ...b.map(Math.abs))
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / scale))
}

function compare(kind: 'plain' | 'shared', channels: number, rows: number): void {
  const n = rows * channels
  const memory = memoryOf(kind, 4 * n + 8 * channels + scratchFloats(channels) + 1024)
  const loops = batchNormLoopsFor(memory)
  expect(loops).not.toBeNull()
  const alloc = allocator(memory)
  const [x, dy, y, dx, scratch] = [
    alloc(n),
    alloc(n),
    alloc(n),
    alloc(n),
    alloc(6 * period(channels))
  ]
  const u = seeded([n], channels + rows).values
  x.set(u.map((v, i) => OFFSETS[(i % channels) % 4]! + SPREADS[(i % channels) % 4]! * v))
  dy.set(seeded([n], 7).values)
  const gamma = seeded([channels], 8).values.map((v) => 1 + v)
  const beta = seeded([channels], 9).values
  const [mean, variance, dgamma, dbeta] = [
    alloc(channels),
    alloc(channels),
    alloc(channels),
    alloc(channels)
  ]

  const ref = {
    y: new Float32Array(n),
    mean: new Float32Array(channels),
    variance: new Float32Array(channels),
    dx: new Float32Array(n),
    dgamma: new Float32Array(channels),
    dbeta: new Float32Array(channels)
  }
  batchNormForward(x, gamma, beta, EPSILON, ref)
  batchNormForwardSimd(loops!, x, gamma, beta, EPSILON, { y, mean, variance }, scratch)
  const truth = twoPassMoments(x, channels)
  mean.forEach((v, c) => {
    const scale = Math.abs(truth.mean[c]!) + SPREADS[c % 4]!
    expect(Math.abs(v - truth.mean[c]!)).toBeLessThanOrEqual(1e-6 * scale)
  })
  // Variance relative to itself: the channel near 100 has a variance of about 3e-5.
  variance.forEach((v, c) => {
    expect(Math.abs(v - truth.variance[c]!)).toBeLessThanOrEqual(1e-5 * truth.variance[c]!)
  })
  expect(relative(y, ref.y)).toBeLessThan(1e-5)

  // The backward pass from the same moments on both sides.
  batchNormBackward(dy, x, ref.mean, ref.variance, gamma, EPSILON, ref)
  const out = { dx, dgamma, dbeta }
  batchNormBackwardSimd(loops!, dy, x, ref.mean, ref.variance, gamma, EPSILON, out, scratch)
  expect(relative(dx, ref.dx)).toBeLessThan(1e-5)
  // Sums over all rows: float32 lanes per chunk, so relative to the sum of magnitudes.
  const dyMagnitude = dy.reduce((s, v) => s + Math.abs(v), 0) / channels
  expect(relative(dbeta, ref.dbeta, dyMagnitude)).toBeLessThan(1e-6)
  expect(relative(dgamma, ref.dgamma, dyMagnitude)).toBeLessThan(1e-6)
}

describe('batch norm through the SIMD loops', () => {
  for (const kind of ['plain', 'shared'] as const) {
    it.each([1, 3, 4, 7, 8, 32])(
      `gives the JavaScript reference's y, moments and gradients for C = %i on a ${kind} memory`,
      (channels) => {
        // Rows of P floats come P/C real rows at a time, summed CHUNK_ROWS at a time.
        const chunk = (CHUNK_ROWS * period(channels)) / channels
        for (const rows of [1, 7, 1027, chunk, 2 * chunk + 5]) compare(kind, channels, rows)
      }
    )
  }
})
