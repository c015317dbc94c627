import { beforeAll, describe, expect, it } from 'vitest'
import type { TrainEvent } from '../../../../main/contract/trainer-protocol'
import { BUDGET_ENV, memoryBudget } from '../../../../main/engine/model/memory-budget'
import { estimateFor, preflightMemory } from '../../../../main/engine/trainer/memory-check'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import { testConfig, useTestBackend } from '../test-backend'

beforeAll(useTestBackend)

const running = { waitWhilePaused: async () => {}, stopRequested: () => false }

describe('the model-size budget', () => {
  it('fails a run in the trainer before the model exists when its estimate is over the budget', async () => {
    const config = testConfig([{ type: 'dense', units: 64 }], { training: { maxSteps: 2 } })
    const events: TrainEvent[] = []
    const estimate = estimateFor(config, 10, [8, 8, 1])
    const budgetMB = (estimate.bytes.total - 1) / 1e6
    const end = await runTraining(
      {
        runId: 't',
        config,
        data: { kind: 'synthetic', examplesPerClass: 4 },
        backend: 'cpu',
        memoryBudgetMB: budgetMB
      },
      (e) => events.push(e),
      running
    )
    expect(end.status).toBe('failed')
    expect(end.reason).toMatch(/^The model needs ≈ .* the budget is .* \(set for this run\)/)
    expect(events.map((e) => e.type)).not.toContain('layers')
    expect(end.steps).toBe(0)
  })

  it('refuses before any run exists when the shape comes from the data, and lets a fitting model through', async () => {
    const config = testConfig([{ type: 'dense', units: 1e6 }], { model: { inputShape: undefined } })
    const refusal = await preflightMemory(config, { kind: 'synthetic' }, '', 2000)
    // synthetic data: 28×28×1 inputs, 10 classes
    expect(refusal).toContain(`${Math.round((784e6 + 1e6 + 1e7 + 10) / 1e6)} M parameters`)
    expect(refusal).toContain('the budget is 2.0 GB')
    const small = testConfig([{ type: 'dense', units: 8 }])
    expect(await preflightMemory(small, { kind: 'synthetic' }, '', 2000)).toBeNull()
  })

  it('reads the budget from the environment, else from free memory, and names a bad value', () => {
    expect(memoryBudget(undefined, { [BUDGET_ENV]: '1500' })).toEqual({
      bytes: 1.5e9,
      source: `${BUDGET_ENV}=1500`
    })
    expect(memoryBudget(undefined, {}).source).toMatch(/75% of the memory free now/)
    expect(() => memoryBudget(undefined, { [BUDGET_ENV]: 'lots' })).toThrow(
      /TRAINSCAPE_MEMORY_BUDGET_MB must be a number of megabytes/
    )
  })
})
