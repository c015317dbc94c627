/**
 * The one seeded pseudo-random generator (mulberry32 + Box-Muller) that weights, shuffles, data
 * splits and augmentation draws all use, so the same seed gives the same run on every backend:
 * tfjs' own random ops differ by backend. Pure.
 */

/** A uniform generator on [0, 1). Stateful: every call advances it. */
export type Rng = () => number

/** mulberry32: a small, fast 32-bit generator; good enough for weights and shuffles. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The generator for data draws (splits, per-class caps, augmentation): the seed is salted with
 * the golden-ratio constant so data draws never replay the weight draws made from the same seed.
 */
export function makeDataRng(seed: number): Rng {
  return makeRng(seed ^ 0x9e3779b9)
}

/** A 31-bit seed derived from a base seed and integer parts (layer index, step, …). Pure. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
    h = (h ^ (h >>> 16)) >>> 0
  }
  return h & 0x7fffffff
}

/** Fills `out` with N(mean, stddev²) samples (Box-Muller). Mutates `out` and advances `rng`. */
export function fillNormal(
  out: Float32Array,
  rng: Rng,
  mean: number,
  stddev: number
): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - rng() // (0, 1]: log(0) never happens
    const u2 = rng()
    const r = Math.sqrt(-2 * Math.log(u1))
    out[i] = mean + stddev * r * Math.cos(2 * Math.PI * u2)
    if (i + 1 < out.length) out[i + 1] = mean + stddev * r * Math.sin(2 * Math.PI * u2)
  }
  return out
}

/** Fills `out` with U(-limit, limit) samples. Mutates `out` and advances `rng`. */
export function fillUniform(out: Float32Array, rng: Rng, limit: number): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng() - 1) * limit
  return out
}

/** Shuffles an array or typed array in place (Fisher-Yates). Mutates `values`; returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  values: T,
  rng: Rng
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const held = values[i]
    values[i] = values[j]
    values[j] = held
  }
  return values
}
