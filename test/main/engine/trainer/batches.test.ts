import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { BatchReader, batchAt, epochOrder } from '../../../../main/engine/trainer/batches'
import { syntheticImageSet } from '../../../../main/data/synthetic'
import { useTestBackend } from '../test-backend'

beforeAll(useTestBackend)

describe('epochOrder', () => {
  it('is a permutation that changes with the epoch and repeats with the seed', () => {
    const a = epochOrder(50, 7, 0)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(epochOrder(50, 7, 0)).toEqual(a)
    expect(epochOrder(50, 7, 1)).not.toEqual(a)
  })
})

describe('batchAt', () => {
  const order = Int32Array.from([4, 0, 3, 1, 2])

  it('gives every step a full batch, filling the last one from the start of the order', () => {
    expect([...batchAt(order, 0, 2)]).toEqual([4, 0])
    expect([...batchAt(order, 2, 2)]).toEqual([3, 1])
    // 5 examples in batches of 2: the third batch is [2] plus the epoch's first example, never a batch of one.
    expect([...batchAt(order, 4, 2)]).toEqual([2, 4])
    expect([...order]).toEqual([4, 0, 3, 1, 2])
  })

  it('keeps a split smaller than one batch as one batch of all of it', () => {
    expect([...batchAt(order, 0, 8)]).toEqual([4, 0, 3, 1, 2])
  })
})

describe('BatchReader', () => {
  it('reads the images and labels of the requested examples as one tensor', async () => {
    const data = syntheticImageSet([6, 6, 1], 3, 4)
    const reader = new BatchReader([6, 6, 1], 8)
    const batch = await reader.read(data.train, Int32Array.of(4, 1))
    const expected = new Float32Array(2 * 36)
    await data.train.gather([4, 1], expected)
    expect(batch.x.shape).toEqual([2, 6, 6, 1])
    expect(Float32Array.from(batch.x.dataSync())).toEqual(expected)
    expect([...batch.labels]).toEqual([data.train.labels[4], data.train.labels[1]])
    tf.dispose(batch.x)
  })

  it('refuses, naming the fix, a batch too large to hold in memory', () => {
    expect(() => new BatchReader([1024, 1024, 3], 4096)).toThrow(
      'A batch of 4096 images of 1024×1024×3 needs 48.0 GiB, more than the 1 GiB one batch may ' +
        'use; lower training.batchSize or model.inputShape.'
    )
  })
})
