/**
 * What the training step hands the probes: measured on the step's own batch (gradient norms,
 * update ratios, batch-norm moments, dropout's kept fraction), so a probe needs no second pass.
 */

/** What a probe needs from the training batch of its step, per weighted layer. */
export interface StepExtras {
  gradNorm: Float64Array
  /** ‖ΔW‖ / ‖W‖ of the kernel; 0 when the update was not applied (non-finite loss). */
  updateRatio: Float64Array
  /** Per layer: this batch's per-unit mean and variance of `pre`, or null without batch norm. */
  batchMean: (Float32Array | null)[]
  batchVar: (Float32Array | null)[]
  /** Per layer: fraction of units kept by dropout, or null without dropout. */
  dropoutKept: (number | null)[]
}
