/**
 * The Adam update loop as a small WebAssembly SIMD module (wat/adam.wat) that runs on the wasm
 * backend's own memory, so it reads and writes tensors where they lie (no copies). A JavaScript
 * loop has to round every intermediate with Math.fround to match tfjs and was slower than tfjs's
 * fourteen ops; f32x4 arithmetic rounds to float32 by itself, four lanes at a time, and
 * WebAssembly's float ops are IEEE-exact, so the results equal tfjs's op chain bit for bit.
 */
import { kernelBytes, loopsPerMemory } from './wasm-loops'

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

/** The SIMD loop bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const adamLoopFor = loopsPerMemory(
  { adam: kernelBytes('adam') },
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
