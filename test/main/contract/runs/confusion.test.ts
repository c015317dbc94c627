import { describe, expect, it } from 'vitest'
import {
  classCounts,
  confusionMatrix,
  overallAccuracy,
  perClassAccuracy,
  pickMisclassified,
  topConfusions
} from '../../../../main/contract/runs/confusion'

describe('confusion matrix', () => {
  // 3 classes: class 0 all right (2), class 1 one right of three, class 2 absent.
  const labels = [0, 0, 1, 1, 1]
  const predicted = [0, 0, 1, 0, 2]

  it('counts true class by predicted class, rows summing to the class counts', () => {
    const matrix = confusionMatrix(labels, predicted, 3)
    expect(matrix).toEqual([
      [2, 0, 0],
      [1, 1, 1],
      [0, 0, 0]
    ])
    expect(classCounts(matrix)).toEqual([2, 3, 0])
  })

  it('gives each class its own accuracy, null where a class has no example', () => {
    const matrix = confusionMatrix(labels, predicted, 3)
    expect(perClassAccuracy(matrix)).toEqual([1, 1 / 3, null])
    expect(overallAccuracy(matrix)).toBeCloseTo(3 / 5, 12)
    expect(overallAccuracy(confusionMatrix([], [], 2))).toBeNaN()
  })

  it('names the largest mistakes first', () => {
    const matrix = [
      [5, 3, 0],
      [1, 4, 7],
      [3, 0, 2]
    ]
    expect(topConfusions(matrix, 3)).toEqual([
      { trueClass: 1, predictedClass: 2, count: 7 },
      { trueClass: 0, predictedClass: 1, count: 3 },
      { trueClass: 2, predictedClass: 0, count: 3 }
    ])
  })

  it('refuses predictions outside the classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0], [3], 3)).toThrow(/prediction 3 is not in 0..2/)
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/2 labels but 1 predictions/)
  })
})

describe('misclassified examples to show', () => {
  it('takes the most confident mistakes of each class in turn, within both bounds', () => {
    //            0    1    2    3    4    5    6    7
    const labels = [0, 0, 0, 1, 1, 2, 2, 2]
    const predicted = [1, 1, 0, 0, 0, 2, 0, 1]
    const confidence = [0.6, 0.9, 0.99, 0.7, 0.8, 0.5, 0.55, 0.95]
    // Mistakes: class 0 → [1 (0.9), 0 (0.6)]; class 1 → [4 (0.8), 3 (0.7)]; class 2 → [7, 6].
    expect(pickMisclassified(labels, predicted, confidence, 8, 48)).toEqual([1, 4, 7, 0, 3, 6])
    expect(pickMisclassified(labels, predicted, confidence, 1, 48)).toEqual([1, 4, 7])
    expect(pickMisclassified(labels, predicted, confidence, 8, 4)).toEqual([1, 4, 7, 0])
    expect(pickMisclassified([0, 1], [0, 1], [1, 1], 8, 48)).toEqual([])
  })
})
