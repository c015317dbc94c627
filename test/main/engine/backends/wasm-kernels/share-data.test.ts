import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../../main/engine/backends/resolve'

// Identity and same-dtype Cast share the input's data on wasm: no new buffer, and the shared
// buffer lives until its last tensor is disposed.
describe('wasm Identity and Cast without copies', () => {
  beforeAll(async () => {
    await resolveBackend('wasm')
  })

  it('clones and same-dtype casts add no data buffer, and keep their values after the source is disposed', () => {
    const start = tf.memory().numDataBuffers
    const source = tf.tensor1d([1.5, -2, 3])
    const clone = tf.clone(source)
    const cast = tf.cast(source, 'float32')
    expect(tf.memory().numDataBuffers).toBe(start + 1)
    source.dispose()
    expect(Array.from(clone.dataSync())).toEqual([1.5, -2, 3])
    expect(Array.from(cast.dataSync())).toEqual([1.5, -2, 3])
    tf.dispose([clone, cast])
    expect(tf.memory().numDataBuffers).toBe(start)
  })

  it('converts a cast to another dtype into a new buffer of that dtype', () => {
    const start = tf.memory().numDataBuffers
    const ints = tf.tensor1d([3, -1, 7], 'int32')
    const floats = tf.cast(ints, 'float32')
    expect(tf.memory().numDataBuffers).toBe(start + 2)
    const back = tf.tidy(() => tf.cast(tf.add(floats, 0.75), 'int32'))
    expect(floats.dtype).toBe('float32')
    expect(Array.from(floats.dataSync())).toEqual([3, -1, 7])
    expect(Array.from(back.dataSync())).toEqual([3, 0, 7])
    tf.dispose([ints, floats, back])
    expect(tf.memory().numDataBuffers).toBe(start)
  })

  it('keeps a clone of a variable at the old values after the variable is assigned', () => {
    const v = tf.variable(tf.tensor1d([1, 2]))
    const before = tf.clone(v)
    v.assign(tf.tensor1d([5, 6]))
    expect(Array.from(before.dataSync())).toEqual([1, 2])
    expect(Array.from(v.dataSync())).toEqual([5, 6])
    tf.dispose([v, before])
  })
})
