/**
 * The cnn-batchnorm preset's structure (two conv + pool blocks and a third conv, batch norm
 * before every ReLU, flips, a cosine learning-rate schedule, the Fashion-MNIST timing budget's
 * epoch count), and that it trains for real on the sample. Its accuracy on the full
 * Fashion-MNIST is a documented command, not a unit test.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../main/config/presets'
import { planModel } from '../../main/contract/model/plan'
import { presetRunner } from './preset-runs'

const runner = presetRunner()
afterAll(() => runner.dispose())

describe('cnn-batchnorm', () => {
  it('has two conv + max-pool blocks, a third conv and a dense layer, each with batch norm before its ReLU, and flips training images', () => {
    const config = presetConfig('cnn-batchnorm')!
    // A preset describes the net, not the data: the sample's shape is given here.
    const plan = planModel(config.model, 10, [28, 28, 1])
    expect(
      plan.stages.map((s) => (s.type === 'weighted' ? plan.layers[s.layer]!.kind : s.type))
    ).toEqual(['conv2d', 'pool', 'conv2d', 'pool', 'conv2d', 'flatten', 'dense', 'dense'])
    const hidden = plan.layers.slice(0, -1)
    expect(hidden.map((l) => [l.units, l.activation, l.batchNorm])).toEqual([
      [32, 'relu', true],
      [64, 'relu', true],
      [64, 'relu', true],
      [128, 'relu', true]
    ])
    // The third conv works on the 7×7 maps the two pools leave.
    expect(plan.layers[2]!.outputShape).toEqual([7, 7, 64])
    expect(config.data.augmentation?.flipHorizontal).toBe(true)
    expect(config.data.normalize).toBe('standardize')
    expect(config.training.learningRateSchedule).toBe('cosine')
    // 8 epochs took 8 min 16 s – 9 min 6 s on the full set (seeds 1–5): more would not fit 10 minutes.
    expect(config.training.epochs).toBeLessThanOrEqual(8)
  })

  it('trains on the sample with normalized batch-norm outputs and learns above chance', async () => {
    const run = await runner.run('cnn-batchnorm', { maxSteps: 30, statsEvery: 29 })
    const last = run.probes[run.probes.length - 1]
    for (const l of last!.layers.slice(0, -1)) expect(l.batchNorm).not.toBeNull()
    expect(run.epochs[run.epochs.length - 1]!.valAcc).toBeGreaterThan(0.5)
  }, 240_000)
})
