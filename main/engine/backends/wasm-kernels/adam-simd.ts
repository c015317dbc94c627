/**
 * The Adam update loop as a tiny hand-assembled WebAssembly SIMD module that runs on the wasm
 * backend's own memory, so it reads and writes tensors where they lie (no copies). A JavaScript
 * loop has to round every intermediate with Math.fround to match tfjs and was slower than tfjs's
 * fourteen ops; f32x4 arithmetic rounds to float32 by itself, four lanes at a time, and
 * WebAssembly's float ops are IEEE-exact, so the results equal tfjs's op chain bit for bit.
 * The module body is listed below instruction by instruction (simd-assembly.ts).
 */
import {
  advance,
  get,
  I32_ADD,
  i32,
  loopsPerMemory,
  loopUntil,
  moduleBytes,
  set,
  v128
} from './simd-assembly'

/** Runs the update on `count` floats (a multiple of 4) at byte offsets into the memory. */
export type AdamLoop = (
  x: number,
  m: number,
  v: number,
  g: number,
  outX: number,
  count: number,
  scalars: AdamScalars
) => void

/** The update's scalars, already rounded to float32 the way tfjs rounds them. */
export interface AdamScalars {
  beta1: number
  beta2: number
  keep1: number
  keep2: number
  correction1: number
  correction2: number
  epsilon: number
  negLearningRate: number
}

// Parameters 0–5 are i32 (five byte offsets and a byte count), 6–13 f32 (the scalars);
// local 14 is the i32 byte index, 15–22 the splatted scalars, 23–25 g, m', v' of four lanes.
const [X, M, V, G, OUT, BYTES, FIRST_SCALAR, I, FIRST_SPLAT, GI, MI, VI] = [
  0, 1, 2, 3, 4, 5, 6, 14, 15, 23, 24, 25
]
const splat = (k: number): number => FIRST_SPLAT + k
const [B1, B2, K1, K2, C1, C2, EPS, NLR] = [
  splat(0),
  splat(1),
  splat(2),
  splat(3),
  splat(4),
  splat(5),
  splat(6),
  splat(7)
]
const { load, store, f32x4Add: add, f32x4Mul: mul, f32x4Div: div, f32x4Sqrt: sqrt } = v128

/** The address of lane block i of the tensor at `base` (byte offset + i). */
const at = (base: number): number[] => [...get(base), ...get(I), I32_ADD]

function body(): number[] {
  const splats = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [
    ...get(FIRST_SCALAR + k),
    ...v128.f32x4Splat,
    ...set(FIRST_SPLAT + k)
  ])
  const step = [
    ...[...at(G), ...load, ...set(GI)],
    // m' = m·β₁ + g·(1−β₁)
    ...[...at(M), ...load, ...get(B1), ...mul, ...get(GI), ...get(K1), ...mul, ...add, ...set(MI)],
    // v' = v·β₂ + (g·g)·(1−β₂)
    ...[...at(V), ...load, ...get(B2), ...mul, ...get(GI), ...get(GI), ...mul],
    ...[...get(K2), ...mul, ...add, ...set(VI)],
    ...[...at(M), ...get(MI), ...store, ...at(V), ...get(VI), ...store],
    // x' = ((m'/c₁) / (√(v'/c₂) + ε))·(−lr) + x
    ...[...at(OUT), ...get(MI), ...get(C1), ...div, ...get(VI), ...get(C2), ...div, ...sqrt],
    ...[...get(EPS), ...add, ...div, ...get(NLR), ...mul, ...at(X), ...load, ...add, ...store],
    ...advance(I, i32(16))
  ]
  // Locals: one i32, eleven v128.
  return [2, 1, 0x7f, 11, 0x7b, ...splats, ...loopUntil(I, BYTES, step), 0x0b]
}

/** The module's bytes: imports env.memory, exports `adam`. */
export function adamModuleBytes(shared = false): Uint8Array {
  return moduleBytes(
    'adam',
    [...new Array(6).fill(0x7f), ...new Array(8).fill(0x7d)],
    body(),
    shared
  )
}

/** The SIMD loop bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const adamLoopFor = loopsPerMemory(
  { adam: adamModuleBytes },
  ({ adam }): AdamLoop =>
    (x, m, v, g, outX, count, s) =>
      adam(
        x,
        m,
        v,
        g,
        outX,
        count * 4,
        s.beta1,
        s.beta2,
        s.keep1,
        s.keep2,
        s.correction1,
        s.correction2,
        s.epsilon,
        s.negLearningRate
      )
)
