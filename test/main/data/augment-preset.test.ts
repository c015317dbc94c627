import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRunConfig } from '../../../main/config/validate'
import { runTraining } from '../../../main/engine/trainer/run-training'
import type { RunEnd } from '../../../main/engine/protocol'

const PRESET = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../resources/presets/augment.json'), 'utf8')
)

async function train(withAugmentation: boolean): Promise<RunEnd> {
  const input = structuredClone(PRESET)
  if (!withAugmentation) delete input.data.augmentation
  const parsed = parseRunConfig(input)
  if (!parsed.ok) throw new Error(parsed.error)
  return runTraining(
    {
      runId: `augment-${withAugmentation}`,
      config: parsed.value,
      data: { kind: 'sample' },
      backend: 'wasm'
    },
    () => {},
    { waitWhilePaused: async () => {}, stopRequested: () => false }
  )
}

describe('the augment preset', () => {
  it('shrinks the train/validation gap and lowers validation loss compared with the same run unaugmented', async () => {
    const plain = await train(false)
    const augmented = await train(true)
    for (const end of [plain, augmented])
      expect([end.status, end.reason]).toEqual(['completed', null])
    const gap = (end: RunEnd) => (end.final.trainAcc ?? NaN) - (end.final.valAcc ?? NaN)
    // the unaugmented net memorizes its 300 images; the augmented one cannot
    expect(plain.final.trainAcc).toBeGreaterThan(0.97)
    expect(gap(plain)).toBeGreaterThan(0.1)
    expect(gap(augmented)).toBeLessThan(gap(plain) / 2)
    expect(augmented.final.valLoss).toBeLessThan(plain.final.valLoss ?? NaN)
    expect(augmented.final.testAcc).toBeGreaterThan(0.6)
  }, 600_000)
})
