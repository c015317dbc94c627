/**
 * When the trainer probes the layers. Training changes fastest at the start (dying ReLUs die in
 * the first few dozen steps), so probes are log-spaced early and even later: steps 0, 1, 2, 4,
 * 8, 16, … (powers of two) while they are below `statsEvery`, then every multiple of
 * `statsEvery`, and always the last step. With statsEvery = 25 and 1,520 steps that is 0, 1, 2,
 * 4, 8, 16, 25, 50, …, 1500, 1519: six extra probes in the first 25 steps. Pure.
 */

/**
 * True when step `step` (0-based) of a run of `total` steps is probed. `statsEvery` ≥ 1.
 * Does not depend on anything else, so the schedule is the same in every run with these numbers.
 */
export function isProbeStep(step: number, statsEvery: number, total: number): boolean {
  if (step % statsEvery === 0 || step === total - 1) return true
  return step < statsEvery && isPowerOfTwo(step)
}

/** The probed steps of a run of `total` steps, ascending (for captions and tests). */
export function probeSteps(statsEvery: number, total: number): number[] {
  const out: number[] = []
  for (let s = 0; s < total; s++) if (isProbeStep(s, statsEvery, total)) out.push(s)
  return out
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && Number.isInteger(n) && (n & (n - 1)) === 0
}
