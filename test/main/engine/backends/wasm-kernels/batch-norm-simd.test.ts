import { describe, expect, it } from 'vitest'
import {
  batchNormLoopsFor,
  type BatchNormLoops
} from '../../../../../main/engine/backends/wasm-kernels/batch-norm-simd'
import { wasmApi } from '../../../../../main/engine/backends/wasm-kernels/wasm-loops'

// Each of the four loops on small integers, where float32 arithmetic is exact: three rows of
// eight floats (two blocks of four lanes), x[r][j] = 8r + j, and per-lane vectors below.

const ROWS = 3
const WIDTH = 8
const ROW_BYTES = WIDTH * 4

/** A fresh memory with the loops bound to it and float32 arrays at given float offsets. */
function setUp(): { loops: BatchNormLoops; at: (float: number, length: number) => Float32Array } {
  const memory = new wasmApi.Memory({ initial: 1 })
  const loops = batchNormLoopsFor(memory)
  expect(loops).not.toBeNull()
  return {
    loops: loops!,
    at: (float, length) => new Float32Array(memory.buffer, float * 4, length)
  }
}

const lanes = [...Array(WIDTH).keys()]
const rows = [...Array(ROWS).keys()]
const xAt = (r: number, j: number): number => 8 * r + j
const mAt = (j: number): number => j % 3
const uAt = (r: number, j: number): number => r - j

describe('batch-norm SIMD loops', () => {
  it('moments: per lane Σ(x − m) and Σ(x − m)² down the rows', () => {
    const { loops, at } = setUp()
    const [x, m, sumA, sumB] = [at(0, ROWS * WIDTH), at(100, WIDTH), at(200, WIDTH), at(300, WIDTH)]
    rows.forEach((r) => lanes.forEach((j) => (x[r * WIDTH + j] = xAt(r, j))))
    lanes.forEach((j) => (m[j] = mAt(j)))
    loops.moments(x.byteOffset, x.byteOffset, m.byteOffset, 800, 1200, ROW_BYTES, ROWS * ROW_BYTES)
    const d = (r: number, j: number) => xAt(r, j) - mAt(j)
    expect(Array.from(sumA)).toEqual(lanes.map((j) => d(0, j) + d(1, j) + d(2, j)))
    expect(Array.from(sumB)).toEqual(lanes.map((j) => d(0, j) ** 2 + d(1, j) ** 2 + d(2, j) ** 2))
  })

  it('gradientSums: per lane Σu and Σu·(x − m), and only over the bytes it was given', () => {
    const { loops, at } = setUp()
    const [x, u, m, sumA, sumB] = [
      at(0, ROWS * WIDTH),
      at(50, ROWS * WIDTH),
      at(100, WIDTH),
      at(200, WIDTH),
      at(300, WIDTH)
    ]
    rows.forEach((r) =>
      lanes.forEach((j) => {
        x[r * WIDTH + j] = xAt(r, j)
        u[r * WIDTH + j] = uAt(r, j)
      })
    )
    lanes.forEach((j) => (m[j] = mAt(j)))
    // Two rows of three: the third must not count.
    loops.gradientSums(
      u.byteOffset,
      x.byteOffset,
      m.byteOffset,
      800,
      1200,
      ROW_BYTES,
      2 * ROW_BYTES
    )
    const g = (r: number, j: number) => uAt(r, j) * (xAt(r, j) - mAt(j))
    expect(Array.from(sumA)).toEqual(lanes.map((j) => uAt(0, j) + uAt(1, j)))
    expect(Array.from(sumB)).toEqual(lanes.map((j) => g(0, j) + g(1, j)))
  })

  it('normalize and affine: b·(x − m) + k, and a·u + b·(x − m) + k, lane by lane', () => {
    const { loops, at } = setUp()
    const n = ROWS * WIDTH
    const [x, u, out] = [at(0, n), at(50, n), at(400, n)]
    const [m, a, b, k] = [at(100, WIDTH), at(120, WIDTH), at(140, WIDTH), at(160, WIDTH)]
    rows.forEach((r) =>
      lanes.forEach((j) => {
        x[r * WIDTH + j] = xAt(r, j)
        u[r * WIDTH + j] = uAt(r, j)
      })
    )
    lanes.forEach((j) => {
      m[j] = mAt(j)
      a[j] = j - 4
      b[j] = 2 + j
      k[j] = -j
    })
    const args = [m, a, b, k, out].map((v) => v.byteOffset) as [
      number,
      number,
      number,
      number,
      number
    ]
    const expected = (withU: boolean) =>
      rows.flatMap((r) =>
        lanes.map((j) => (withU ? (j - 4) * uAt(r, j) : 0) + (2 + j) * (xAt(r, j) - mAt(j)) - j)
      )
    loops.normalize(u.byteOffset, x.byteOffset, ...args, ROW_BYTES, n * 4)
    expect(Array.from(out)).toEqual(expected(false))
    loops.affine(u.byteOffset, x.byteOffset, ...args, ROW_BYTES, n * 4)
    expect(Array.from(out)).toEqual(expected(true))
  })
})
