/**
 * The SGD and momentum update loops (momentum-update.ts) as hand-assembled WebAssembly SIMD on
 * the wasm backend's memory, four floats at a time; f32x4 arithmetic rounds each product and
 * sum to float32 as tfjs's ops do. Instructions are spelled with simd-assembly.ts.
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

const { load, store, f32x4Add: add, f32x4Mul: mul, f32x4Splat: splat } = v128

/** sgd(x, g, outX, bytes, c): locals 5 index, 6 splatted c. */
function sgdBody(): number[] {
  const [X, G, OUT, BYTES, C, I, CV] = [0, 1, 2, 3, 4, 5, 6]
  const at = (base: number): number[] => [...get(base), ...get(I), I32_ADD]
  const step = [
    ...[...at(OUT), ...get(CV), ...at(G), ...load, ...mul, ...at(X), ...load, ...add, ...store],
    ...advance(I, i32(16))
  ]
  return [2, 1, 0x7f, 1, 0x7b, ...get(C), ...splat, ...set(CV), ...loopUntil(I, BYTES, step), 0x0b]
}

/** momentum(x, a, g, outX, outA, bytes, m, c): locals 8 index, 9–10 splats, 11 a'. */
function momentumBody(): number[] {
  const [X, A, G, OUT_X, OUT_A, BYTES, M, C, I, MV, CV, AN] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
  const at = (base: number): number[] => [...get(base), ...get(I), I32_ADD]
  const step = [
    ...[...get(MV), ...at(A), ...load, ...mul, ...at(G), ...load, ...add, ...set(AN)],
    ...[...at(OUT_A), ...get(AN), ...store],
    ...[...at(OUT_X), ...get(CV), ...get(AN), ...mul, ...at(X), ...load, ...add, ...store],
    ...advance(I, i32(16))
  ]
  const splats = [...get(M), ...splat, ...set(MV), ...get(C), ...splat, ...set(CV)]
  return [2, 1, 0x7f, 3, 0x7b, ...splats, ...loopUntil(I, BYTES, step), 0x0b]
}

export function sgdModuleBytes(shared = false): Uint8Array {
  return moduleBytes('sgd', [0x7f, 0x7f, 0x7f, 0x7f, 0x7d], sgdBody(), shared)
}

export function momentumModuleBytes(shared = false): Uint8Array {
  return moduleBytes('momentum', [...new Array(6).fill(0x7f), 0x7d, 0x7d], momentumBody(), shared)
}

/** Both loops bound to `memory` (compiled once per memory); null without WebAssembly SIMD. */
export const momentumLoopsFor = loopsPerMemory(
  { sgd: sgdModuleBytes, momentum: momentumModuleBytes },
  ({ sgd, momentum }): MomentumLoops => ({
    sgd: (x, g, outX, count, c) => sgd(x, g, outX, count * 4, c),
    momentum: (x, a, g, outX, outA, count, m, c) => momentum(x, a, g, outX, outA, count * 4, m, c)
  })
)
