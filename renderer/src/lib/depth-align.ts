/**
 * Where each layer of a run sits on a "against depth" chart shared with other runs: hidden
 * layers at their depth 1, 2, …, the output layer at the depth of the deepest run's output,
 * so two runs of different depth end at the same x and their output layers can be compared.
 * Pure.
 */

/**
 * x positions for a run of `layers` layers (the last is the output) on an axis shared with runs
 * of up to `deepest` layers: [1, 2, …, layers − 1, deepest]. `deepest` below `layers` counts as
 * `layers`. A run of one layer (output only) sits at `deepest`. Returns a new array.
 */
export function depthPositions(layers: number, deepest: number): number[] {
  if (layers <= 0) return []
  const end = Math.max(layers, deepest)
  return Array.from({ length: layers }, (_, i) => (i === layers - 1 ? end : i + 1))
}
