/**
 * Euclidean norm of flat arrays, for weight norms. (Gradient norms and update ratios are
 * computed with tensor ops inside the engine, where the tensors live.) Unlike the moments, norms do not skip NaN/±Infinity: one
 * non-finite gradient entry makes the norm NaN or Infinity, which is exactly the signal that
 * training diverged. Float64 accumulation: Σx² of float32 values cannot overflow in float64.
 */

/** ‖values‖₂ = sqrt(Σ x²) of any shape, flat; 0 for an empty array. Does not mutate. */
export function l2Norm(values: Float32Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!
  return Math.sqrt(sum)
}
