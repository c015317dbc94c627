import { describe, expect, it } from 'vitest'
import type { LayerInfo } from '../../../main/contract/runs/records'
import {
  comparedRuns,
  layerNames,
  overlayDepth,
  overlayLayerMeasure,
  overlayMetric
} from '../../../renderer/src/lib/compare-series'
import { emptyRun, type RunView } from '../../../renderer/src/lib/run-state'
import { RUN_COLORS } from '../../../renderer/src/lib/state-colors'
import { stepLogOf } from '../../../renderer/src/lib/step-log'
import { layerProbe, probe } from './fixtures'

function info(name: string, activation: string): LayerInfo {
  return {
    name,
    kind: 'dense',
    activation,
    initializer: 'he-normal',
    batchNorm: false,
    dropout: 0,
    fanIn: 4,
    units: 4,
    outputShape: [4]
  }
}

function view(id: string, activations: string[]): RunView {
  const layers = [
    ...activations.map((a, i) => info(`dense_${i + 1}`, a)),
    info('output', 'softmax')
  ]
  const steps = [0, 1, 2].map((step) => ({
    step,
    epoch: 0,
    loss: 2 - step / 2,
    acc: 0.3,
    lr: 0.1,
    ms: 1
  }))
  const log = stepLogOf(steps)
  return {
    ...emptyRun(),
    id,
    layers,
    steps: log.records(),
    stepLog: log,
    probes: [0, 2].map((s) =>
      probe(
        s,
        layers.map((_, i) => layerProbe(i, [0, 1, 0, 0]))
      )
    ),
    epochs: [
      { epoch: 0, step: 2, trainLoss: 1, trainAcc: 0.5, valLoss: 1.2, valAcc: 0.4, seconds: 1 }
    ]
  }
}

const runs = comparedRuns(
  [view('a', ['sigmoid', 'sigmoid', 'sigmoid']), view('b', ['relu', 'relu'])],
  ['sigmoid-deep', 'relu-he']
)

describe('Compare overlays', () => {
  it('names runs A, B… and gives each its own colour', () => {
    expect(runs.map((r) => [r.name, r.color])).toEqual([
      ['A sigmoid-deep', RUN_COLORS[0]],
      ['B relu-he', RUN_COLORS[1]]
    ])
  })

  it("puts every run's training and validation curve on the same chart", () => {
    const s = overlayMetric(runs, 'loss')
    expect(s.map((x) => [x.label, x.color, x.dashed ?? false])).toEqual([
      ['A sigmoid-deep train', RUN_COLORS[0], false],
      ['A sigmoid-deep validation', RUN_COLORS[0], true],
      ['B relu-he train', RUN_COLORS[1], false],
      ['B relu-he validation', RUN_COLORS[1], true]
    ])
  })

  it('lists every layer of every run, output layers last', () => {
    expect(layerNames(runs)).toEqual(['dense_1', 'dense_2', 'dense_3', 'output'])
  })

  it("draws a layer's dead fraction only for runs where it applies, and says why not", () => {
    const d = overlayLayerMeasure(runs, 'dense_1', 'dead')
    expect(d.series.map((s) => s.label)).toEqual(['B relu-he'])
    expect(d.note).toMatch(/not applicable for sigmoid layers/)
    expect(overlayLayerMeasure(runs, 'dense_3', 'dead').note).toMatch(
      /B relu-he has no layer dense_3/
    )
  })

  it('draws a quantity against depth at the scrubbed step for every run, output layers aligned', () => {
    const v = overlayDepth(runs, 1, (l) => l.pre.variance, ' measured')
    expect(v.map((s) => [s.label, s.x])).toEqual([
      ['A sigmoid-deep measured', [1, 2, 3, 4]],
      ['B relu-he measured', [1, 2, 4]]
    ])
  })
})
