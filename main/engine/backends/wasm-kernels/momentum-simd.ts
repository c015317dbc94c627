/**
 * The SGD and momentum update loops (momentum-update.ts) as WebAssembly SIMD on the wasm
 * backend's memory, four floats at a time (wat/sgd.wat, wat/momentum.wat); f32x4 arithmetic
 * rounds each product and sum to float32 as tfjs's ops do.
 */
import { kernelBytes, loopsPerMemory } from './wasm-loops'

export interface MomentumLoops {
  /** x' = c·g + x over `count` floats (a multiple of 4) at byte offsets; c = −lr in float32. */
  sgd(x: number, g: number, outX: number, count: number, c: number): void
  /** a' = m·a + g, x' = c·a' + x over `count` floats; m and c in float32. */
  momentum(
    x: number,
    a: number,
    g: number,
    outX: number,
    outA: number,
    count: number,
    m: number,
    c: number
  ): void
}

/** Both loops bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const momentumLoopsFor = loopsPerMemory(
  { sgd: kernelBytes('sgd'), momentum: kernelBytes('momentum') },
  ({ sgd, momentum }): MomentumLoops => ({
    sgd: (x, g, outX, count, c) => sgd(x, g, outX, count * 4, c),
    momentum: (x, a, g, outX, outA, count, m, c) => momentum(x, a, g, outX, outA, count * 4, m, c)
  })
)
