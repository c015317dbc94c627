/**
 * The augment preset's claim on the bundled sample, run in full (25 epochs on 30 images per
 * class, through test/resources/preset-runs.ts with a decode cache): augmentation keeps the net
 * from memorizing its training images, so the train/validation gap shrinks and validation loss
 * is lower than for the same run without augmentation.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { RunEnd } from '../../../main/contract/trainer-protocol'
import { presetRunner } from '../../resources/preset-runs'

const runner = presetRunner()
afterAll(() => runner.dispose())

function withoutAugmentation(config: RunConfig): RunConfig {
  const data = { ...config.data }
  delete data.augmentation
  return { ...config, data }
}

/** 25 epochs of 300 images in batches of 32: 250 steps, the whole preset. */
const FULL = 250

describe('the augment preset', () => {
  it('shrinks the train/validation gap and lowers validation loss compared with the same run unaugmented', async () => {
    const plain = await runner.run(
      'augment',
      { maxSteps: FULL, patch: withoutAugmentation },
      'augment-off'
    )
    const augmented = await runner.run('augment', { maxSteps: FULL })
    for (const { end } of [plain, augmented]) expect(end.steps).toBe(FULL)
    const gap = (end: RunEnd) => (end.final.trainAcc ?? NaN) - (end.final.valAcc ?? NaN)
    // the unaugmented net memorizes its 300 images; the augmented one cannot
    expect(plain.end.final.trainAcc).toBeGreaterThan(0.97)
    expect(gap(plain.end)).toBeGreaterThan(0.1)
    expect(gap(augmented.end)).toBeLessThan(gap(plain.end) / 2)
    expect(augmented.end.final.valLoss).toBeLessThan(plain.end.final.valLoss ?? NaN)
    expect(augmented.end.final.testAcc).toBeGreaterThan(0.6)
  }, 600_000)
})
