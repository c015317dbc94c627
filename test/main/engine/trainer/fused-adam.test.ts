import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveBackend } from '../../../../main/engine/backends/resolve'
import { FusedAdam } from '../../../../main/engine/trainer/fused-adam'

// FusedAdam as an optimizer object: state, aliasing and tensor bookkeeping on wasm. Its numbers
// are checked against tfjs Adam on cpu in test/main/engine/backends/wasm-kernels/adam-update.test.ts.
describe('FusedAdam', () => {
  beforeAll(async () => {
    await resolveBackend('wasm')
  })

  it('leaves a clone of the variable at its old values and leaks no tensors', async () => {
    const optimizer = new FusedAdam(0.1, 0.9, 0.999, 1e-7)
    const v = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]))
    const g = tf.tensor1d([1, -1, 1, -1, 1])
    optimizer.applyGradients({ [v.name]: g })
    const tensors = tf.memory().numTensors
    const before = tf.clone(v)
    for (let step = 0; step < 3; step++) optimizer.applyGradients({ [v.name]: g })
    expect(before.dataSync()[0]).toBeCloseTo(0.9, 5)
    expect(before.dataSync()[4]).toBeCloseTo(4.9, 5)
    // Adam's first steps move each weight by about the learning rate against the gradient's sign.
    expect(v.dataSync()[0]).toBeCloseTo(0.6, 3)
    expect(v.dataSync()[1]).toBeCloseTo(2.4, 3)
    before.dispose()
    expect(tf.memory().numTensors).toBe(tensors)
    optimizer.dispose()
    tf.dispose([v, g])
  })

  it('rejects a gradient for a variable that does not exist, naming it', () => {
    const optimizer = new FusedAdam(0.1, 0.9, 0.999, 1e-7)
    const g = tf.tensor1d([1])
    expect(() => optimizer.applyGradients({ 'no-such-variable': g })).toThrow(/no-such-variable/)
    g.dispose()
    optimizer.dispose()
  })
})
