/**
 * The data findings: validation accuracy not beating the majority class, on a real run that
 * cannot learn (its hidden ReLU layer starts at zero, so every image gets the same logits and
 * the same answer: accuracy is one class's share, never above the largest), and class
 * imbalance from known counts.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { TrainEvent } from '../../../../main/contract/trainer-protocol'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import { diagnoseRun, type DiagnosisInput } from '../../../../main/runs/diagnosis/diagnose-run'
import { imbalanceFindings } from '../../../../main/runs/diagnosis/data-rules'
import { testConfig, useTestBackend } from '../../engine/test-backend'
import { config, layerInfo } from '../export/records-fixture'

beforeAll(useTestBackend)

describe('below-majority-class', () => {
  it('is raised on one step at a vanishing learning rate by a net that answers every image alike', async () => {
    const cfg = testConfig([{ type: 'dense', units: 8, initializer: 'zeros' }], {
      training: { optimizer: { type: 'sgd', learningRate: 1e-12 }, maxSteps: 1, epochs: 1 }
    })
    const events: TrainEvent[] = []
    const request = { runId: 't', config: cfg, data: { kind: 'synthetic' as const, examplesPerClass: 30 }, backend: 'wasm' as const }
    await runTraining(request, (e) => events.push(e), {
      waitWhilePaused: async () => {},
      stopRequested: () => false
    })
    const of = <T extends TrainEvent['type']>(type: T) =>
      events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type)
    const dataset = of('dataset')[0]!.dataset
    const epochs = of('epoch').map((e) => e.record)
    const input: DiagnosisInput = {
      config: cfg,
      layers: of('layers')[0]!.layers,
      steps: of('step').map((e) => e.record),
      probes: of('probe').map((e) => e.record),
      epochs,
      summary: { status: 'completed', divergedAt: null, divergedLayer: null, dataset }
    }
    const classes = dataset.classes.length
    // Balanced synthetic classes: chance and the majority class are both 1 / classes.
    expect(dataset.baselines).toEqual({ chance: 1 / classes, majorityClass: 1 / classes })
    expect(epochs[0]!.valAcc).toBeCloseTo(1 / classes, 10)
    const found = diagnoseRun(input).find((f) => f.code === 'below-majority-class')
    expect(found?.severity).toBe('problem')
    expect(found?.evidence).toContain(`does not beat always answering the largest class`)
  }, 60_000)
})

describe('class-imbalance', () => {
  const input = (train: Record<string, number>): DiagnosisInput => ({
    config: config(),
    layers: [layerInfo('output', 'softmax', 2)],
    steps: [],
    probes: [],
    epochs: [],
    summary: {
      status: 'completed',
      divergedAt: null,
      divergedLayer: null,
      dataset: { classes: Object.keys(train), counts: { train, val: {} } }
    }
  })

  it('names classes more than 5:1 apart, and not 5:1 exactly', () => {
    const [f] = imbalanceFindings(input({ cats: 51, dogs: 10 }))
    expect(f?.evidence).toContain('5.1:1')
    expect(f?.evidence).toContain('"cats" has 51 images, "dogs" 10')
    expect(imbalanceFindings(input({ cats: 50, dogs: 10 }))).toEqual([])
  })
})
