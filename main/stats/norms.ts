/**
 * Euclidean norms of flat arrays, for weight norms, gradient norms (gradNorm) and update
 * sizes (updateRatio = ‖ΔW‖ / ‖W‖). Unlike the moments, norms do not skip NaN/±Infinity: one
 * non-finite gradient entry makes the norm NaN or Infinity, which is exactly the signal that
 * training diverged. Float64 accumulation: Σx² of float32 values cannot overflow in float64.
 */

/** ‖values‖₂ = sqrt(Σ x²) of any shape, flat; 0 for an empty array. Does not mutate. */
export function l2Norm(values: Float32Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i]
  return Math.sqrt(sum)
}

/**
 * ‖a - b‖₂ of two same-length arrays (e.g. a layer's weights after and before a step).
 * Throws when the lengths differ. Does not mutate.
 */
export function l2Distance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new Error(
      `l2Distance: arrays have ${a.length} and ${b.length} values; pass the same tensor twice`
    )
  }
  let sum = 0
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i]
    sum += d * d
  }
  return Math.sqrt(sum)
}

/**
 * ‖after - before‖ / ‖before‖: how far one optimizer step moved a weight tensor, relative to
 * its size (a healthy step is often around 1e-3). Infinity when ‖before‖ is 0 and the step
 * moved it; NaN when both are 0. Throws when the lengths differ. Does not mutate.
 */
export function updateRatio(before: Float32Array, after: Float32Array): number {
  const moved = l2Distance(after, before)
  const size = l2Norm(before)
  if (size === 0) return moved === 0 ? NaN : Infinity
  return moved / size
}
