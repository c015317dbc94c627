/**
 * Seeded draws for the stats tests, built on the app's own generator, so that every
 * statistical test sees the same data on every run.
 */
import { makeRng } from '../../../main/random/seeded-random'

/** Standard normal generator from a 32-bit seed (Box–Muller, cosine branch only). */
export function normal(seed: number): () => number {
  const u = makeRng(seed)
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
