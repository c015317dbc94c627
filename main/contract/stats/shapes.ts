/**
 * Argument checks shared by the stats functions: every function here takes flat row-major
 * Float32Arrays plus a unit count, and a wrong count must fail with a message that says which
 * argument is wrong and what would fix it, not with silently misaligned numbers.
 */

/** Throws unless `n` is an integer ≥ 1. `what` names the argument in the message. */
export function requirePositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${what} must be a whole number of at least 1, got ${n}`)
  }
}

/**
 * Rows of a row-major [rows × units] array of `length` values. Throws when `units` is not a
 * positive integer or does not divide `length`. Zero rows (an empty array) are allowed.
 */
export function rowsOf(length: number, units: number, what: string): number {
  requirePositiveInteger(units, `${what}: units`)
  if (length % units !== 0) {
    throw new Error(
      `${what}: ${length} values do not split into rows of ${units} units; ` +
        `pass the layer's unit (or channel) count as the last dimension`
    )
  }
  return length / units
}
