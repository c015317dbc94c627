/**
 * Everything one run holds while it trains: the config, data, model, optimizer, batch readers
 * and the fixed probe batch. Opening builds them; `dispose` frees every tensor they own.
 */
import * as tf from '@tensorflow/tfjs'
import type { RunConfig } from '../../contract/config/schema'
import type { ImageSet, Split } from '../../data/dataset'
import { buildModel, disposeModel, type Model } from '../model/model'
import { withInputShape } from '../../contract/model/plan'
import { deriveSeed, makeRng, shuffleInPlace } from '../../random/seeded-random'
import { BatchReader } from './batches'
import { makeOptimizer, type TrainOptimizer } from './optimizer'

/** What one run trains with: the model, its optimizer, the batch readers and the probe examples. */
export interface RunResources {
  config: RunConfig
  data: ImageSet
  model: Model
  optimizer: TrainOptimizer
  trainReader: BatchReader
  /** Reads validation batches; its capacity is also the probe pass's chunk size. */
  evalReader: BatchReader
  /** The fixed probe examples [n, h, w, c], drawn once from the validation split. */
  probeX: tf.Tensor4D
  dispose(): void
}

/**
 * Test-mode passes (validation, probes) run batches larger than the training batch only while
 * a batch's input stays under this many floats (4 MiB): a tidy forward pass holds every
 * intermediate until it ends, so its memory grows with the batch like a training step's.
 */
const EVAL_INPUT_FLOATS = 1024 * 1024

/**
 * Builds the model and training state for `config` on `data`, at the data's input shape (the
 * config's own, or the one derived from the folder). Throws a readable Error.
 */
export async function openRunResources(config: RunConfig, data: ImageSet): Promise<RunResources> {
  if (data.train.count === 0)
    throw new Error('The training split has no images; add images to each class folder.')
  const seed = config.training.seed
  const inputShape = data.inputShape
  const size = inputShape[0] * inputShape[1] * inputShape[2]
  // The readers first: they refuse a batch too large for memory before the model is allocated.
  const trainReader = new BatchReader(inputShape, config.training.batchSize)
  const evalCapacity = Math.max(
    config.training.batchSize,
    Math.min(128, Math.floor(EVAL_INPUT_FLOATS / size))
  )
  const evalReader = new BatchReader(inputShape, evalCapacity)
  const model = buildModel(
    withInputShape(config.model, inputShape),
    data.classes.length,
    seed,
    data.summary.normalization
  )
  const disposables: { dispose(): void }[] = [{ dispose: () => disposeModel(model) }]
  try {
    const optimizer = makeOptimizer(config.training.optimizer)
    disposables.push(optimizer)
    const probeSplit = data.val.count > 0 ? data.val : data.train
    const probeX = await probeBatch(
      probeSplit,
      config.probe.probeSize,
      inputShape,
      deriveSeed(seed, 5)
    )
    disposables.push(probeX)
    const dispose = () => disposables.forEach((d) => d.dispose())
    return { config, data, model, optimizer, trainReader, evalReader, probeX, dispose }
  } catch (thrown) {
    disposables.forEach((d) => d.dispose())
    throw thrown
  }
}

/** Up to `size` examples of `split` in a seeded order, as one tensor the caller disposes. */
async function probeBatch(
  split: Split,
  size: number,
  [h, w, c]: readonly [number, number, number],
  seed: number
): Promise<tf.Tensor4D> {
  const order = new Int32Array(split.count)
  for (let i = 0; i < split.count; i++) order[i] = i
  const picked = shuffleInPlace(order, makeRng(seed)).slice(0, Math.min(size, split.count))
  const images = new Float32Array(picked.length * h * w * c)
  await split.gather(picked, images)
  return tf.tensor4d(images, [picked.length, h, w, c])
}
