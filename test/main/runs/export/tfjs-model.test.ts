/**
 * The exported TF.js LayersModel computes what the engine computes for the activations whose
 * tfjs-layers names differ from ours or that tfjs-layers builds its own way: GELU ('gelu', the
 * exact erf form), SiLU ('swish') and ELU, with the engine's own weights.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { forward } from '../../../../main/engine/model/forward'
import { buildModel, disposeModel, exportWeights } from '../../../../main/engine/model/model'
import { buildLayersModel } from '../../../../main/runs/export/tfjs-model'
import { testConfig, useTestBackend } from '../../engine/test-backend'

beforeAll(useTestBackend)

describe('the exported LayersModel with GELU, SiLU and ELU layers', () => {
  it('predicts what the engine predicts (max |Δp| < 1e-5)', async () => {
    const config = testConfig([
      { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'gelu', initializer: 'he-normal' },
      { type: 'dense', units: 16, activation: 'silu', initializer: 'he-normal' },
      { type: 'dense', units: 8, activation: 'elu', initializer: 'he-normal' }
    ])
    const engine = buildModel(config.model, 3, config.training.seed)
    const exported = buildLayersModel(config.model, 3, await exportWeights(engine))
    const [theirs, ours] = tf.tidy(() => {
      const x = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D
      return [
        exported.predict(x) as tf.Tensor2D,
        tf.softmax(forward(engine, x, { training: false }))
      ]
    })
    const a = (await theirs.array()).flat()
    const b = (await ours.array()).flat()
    expect(Math.max(...a.map((p, i) => Math.abs(p - b[i]!)))).toBeLessThan(1e-5)
    // Not a trivially uniform output: the layers do shape the prediction.
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(0.01)
    tf.dispose([theirs, ours])
    exported.dispose()
    disposeModel(engine)
  })
})

describe('the exported LayersModel of a per-pixel normalized run', () => {
  const perPixel = (size: number) => ({
    mode: 'per-pixel' as const,
    mean: Array.from({ length: size }, (_, p) => (p % 7) / 7),
    std: Array.from({ length: size }, (_, p) => 0.1 + (p % 5) / 10)
  })

  it('folds the mean and std image into the first dense layer and predicts what the engine predicts', async () => {
    const config = testConfig([
      { type: 'dense', units: 16, activation: 'relu', initializer: 'he-normal' },
      { type: 'dense', units: 8, activation: 'tanh', initializer: 'glorot-normal' }
    ])
    const norm = perPixel(8 * 8)
    const engine = buildModel(config.model, 3, config.training.seed, norm)
    const exported = buildLayersModel(config.model, 3, await exportWeights(engine), norm)
    const [theirs, ours] = tf.tidy(() => {
      const x = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D
      return [
        exported.predict(x) as tf.Tensor2D,
        tf.softmax(forward(engine, x, { training: false }))
      ]
    })
    const a = (await theirs.array()).flat()
    const b = (await ours.array()).flat()
    expect(Math.max(...a.map((p, i) => Math.abs(p - b[i]!)))).toBeLessThan(1e-5)
    expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(0.01)
    tf.dispose([theirs, ours])
    exported.dispose()
    disposeModel(engine)
  })

  it('refuses a convolution as the first layer, saying how to export instead', async () => {
    const config = testConfig([
      { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu', initializer: 'he-normal' }
    ])
    const engine = buildModel(config.model, 3, config.training.seed)
    const weights = await exportWeights(engine)
    expect(() => buildLayersModel(config.model, 3, weights, perPixel(8 * 8))).toThrow(
      /normalized per pixel.*convolution.*standardize/
    )
    disposeModel(engine)
  })
})
