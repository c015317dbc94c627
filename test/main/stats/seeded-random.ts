/**
 * Seeded random numbers for the stats tests (mulberry32 + Box–Muller), so that every
 * statistical test sees the same data on every run.
 */

/** Uniform [0, 1) generator from a 32-bit seed. */
export function uniform(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal generator from a 32-bit seed. */
export function normal(seed: number): () => number {
  const u = uniform(seed)
  return () => {
    const r = Math.sqrt(-2 * Math.log(1 - u()))
    return r * Math.cos(2 * Math.PI * u())
  }
}

/** Float32Array of n draws of `draw`. */
export function draws(n: number, draw: () => number): Float32Array {
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = draw()
  return out
}
