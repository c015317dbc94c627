/**
 * A small seeded pseudo-random generator (mulberry32) and a seeded shuffle, so splits, subsets
 * and augmentation draws are reproducible from the run's seed on every backend. Pure.
 */

/** A generator of uniform numbers in [0, 1) fixed by `seed` (any integer). */
export function seededRandom(seed: number): () => number {
  let state = (seed | 0) ^ 0x9e3779b9
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle of `items` in place with `random`; returns `items`. Mutates. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const held = items[i]
    items[i] = items[j]
    items[j] = held
  }
  return items
}
