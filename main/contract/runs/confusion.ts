/**
 * Confusion matrix, per-class accuracy and the choice of misclassified examples to show, from a
 * split's true labels and the net's predictions. Pure: plain arrays in, fresh arrays out.
 */

/**
 * matrix[t][p] = how many examples of true class t were predicted as class p, for `classes`
 * classes. labels and predicted: one class index per example, same length. Does not mutate.
 * Throws on a length mismatch or a class index outside 0..classes-1.
 */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number
): number[][] {
  if (labels.length !== predicted.length)
    throw new Error(`${labels.length} labels but ${predicted.length} predictions.`)
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i]!]
    const p = predicted[i]!
    if (row === undefined || !(p >= 0 && p < classes))
      throw new Error(
        `Example ${i}: class ${labels[i]} or prediction ${p} is not in 0..${classes - 1}.`
      )
    row[p]! += 1
  }
  return matrix
}

/** Each row's sum: the examples of each true class. */
export function classCounts(matrix: readonly (readonly number[])[]): number[] {
  return matrix.map((row) => row.reduce((a, b) => a + b, 0))
}

/** Correct ÷ examples per true class (the diagonal over the row sums); null for an empty row. */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): (number | null)[] {
  return matrix.map((row, t) => {
    const n = row.reduce((a, b) => a + b, 0)
    return n === 0 ? null : (row[t] ?? 0) / n
  })
}

/** The diagonal's sum over all entries; NaN for an empty matrix. */
export function overallAccuracy(matrix: readonly (readonly number[])[]): number {
  let correct = 0
  let total = 0
  matrix.forEach((row, t) => {
    for (const v of row) total += v
    correct += row[t] ?? 0
  })
  return total === 0 ? NaN : correct / total
}

/**
 * Indices of misclassified examples to show: within each true class the most confident mistakes
 * first, at most `perClass` per class, classes taken in turn (class 0's worst, class 1's worst, …)
 * until `total` are taken, so one bad class cannot fill the gallery. confidence: the probability
 * given to the prediction, per example. Does not mutate.
 */
export function pickMisclassified(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  perClass: number,
  total: number
): number[] {
  const byClass = new Map<number, number[]>()
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === predicted[i]) continue
    const list = byClass.get(labels[i]!) ?? []
    list.push(i)
    byClass.set(labels[i]!, list)
  }
  const queues = [...byClass.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, list]) =>
      list.sort((a, b) => confidence[b]! - confidence[a]! || a - b).slice(0, perClass)
    )
  const out: number[] = []
  for (let round = 0; out.length < total && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const index = queue[round]
      if (index !== undefined && out.length < total) out.push(index)
    }
  }
  return out
}

export interface Confusion {
  trueClass: number
  predictedClass: number
  count: number
}

/** The `n` largest off-diagonal cells, largest first (ties: lower true, then predicted class). */
export function topConfusions(matrix: readonly (readonly number[])[], n: number): Confusion[] {
  const cells: Confusion[] = []
  matrix.forEach((row, t) =>
    row.forEach((count, p) => {
      if (p !== t && count > 0) cells.push({ trueClass: t, predictedClass: p, count })
    })
  )
  return cells.sort((a, b) => b.count - a.count).slice(0, n)
}
