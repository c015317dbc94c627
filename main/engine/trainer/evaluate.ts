/** Loss and accuracy of a split in test mode (moving batch-norm statistics, no dropout), batched. */
import * as tf from '@tensorflow/tfjs'
import type { Split } from '../../data/dataset'
import { forward } from '../model/forward'
import type { Model } from '../model/model'
import { BatchReader } from './batches'

export interface Evaluation {
  /** Mean cross-entropy per example (nats); NaN for an empty split. */
  loss: number
  /** Fraction of examples classified correctly; NaN for an empty split. */
  acc: number
  /** The predicted class of every example, in split order. */
  predicted: Int32Array
  /** The softmax probability of each prediction, in split order. */
  confidence: Float32Array
}

/** Evaluates `split` in batches of `reader.capacity`. Does not mutate the model. */
export async function evaluate(
  model: Model,
  split: Split,
  reader: BatchReader
): Promise<Evaluation> {
  let lossSum = 0
  let correct = 0
  const predicted = new Int32Array(split.count)
  const confidence = new Float32Array(split.count)
  for (let start = 0; start < split.count; start += reader.capacity) {
    const n = Math.min(reader.capacity, split.count - start)
    const indices = new Int32Array(n)
    for (let k = 0; k < n; k++) indices[k] = start + k
    const batch = await reader.read(split, indices)
    const [sums, classes, probs] = tf.tidy(() => {
      const logits = forward(model, batch.x, { training: false })
      const labels = tf.tensor1d(batch.labels, 'int32')
      const onehot = tf.oneHot(labels, model.plan.classes)
      const loss = tf.losses.softmaxCrossEntropy(
        onehot,
        logits,
        undefined,
        undefined,
        tf.Reduction.SUM
      )
      const argMax = tf.argMax(logits, 1)
      const hits = tf.sum(tf.cast(tf.equal(argMax, labels), 'float32'))
      return [tf.stack([loss, hits]), argMax, tf.max(tf.softmax(logits), 1)]
    })
    batch.x.dispose()
    const [loss, hits] = await sums.data()
    predicted.set(await classes.data(), start)
    confidence.set(await probs.data(), start)
    tf.dispose([sums, classes, probs])
    lossSum += loss!
    correct += hits!
  }
  return { loss: lossSum / split.count, acc: correct / split.count, predicted, confidence }
}
