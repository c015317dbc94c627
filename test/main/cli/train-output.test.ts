import { describe, expect, it } from 'vitest'
import { presetConfig } from '../../../main/config/presets'
import type { RunConfig } from '../../../main/contract/config/schema'
import type { RunEnd, TrainEvent } from '../../../main/contract/trainer-protocol'
import {
  backendLine,
  createProgressView,
  datasetLine,
  endLine,
  epochLine,
  evaluationLine,
  exitCodeOf,
  progressLine
} from '../../../main/cli/train-output'

const config = presetConfig('relu-he') as RunConfig
const end = (over: Partial<RunEnd>): RunEnd => ({
  status: 'completed',
  reason: null,
  steps: 40,
  epochs: 2,
  samplesPerSecond: 500,
  final: { trainLoss: 0.4, trainAcc: 0.9, valLoss: 0.5, valAcc: 0.875 },
  divergedAt: null,
  divergedLayer: null,
  ...over
})

function captured(isTTY: boolean) {
  const writes: string[] = []
  let clock = 0
  const view = createProgressView(
    { isTTY, columns: 100, write: (t: string) => writes.push(t) },
    config,
    () => (clock += 150)
  )
  return { writes, view }
}

const dataset: TrainEvent = {
  type: 'dataset',
  dataset: {
    root: 'synthetic',
    classes: ['a', 'b'],
    counts: { train: { a: 64, b: 64 }, val: { a: 16, b: 16 } },
    skipped: [],
    inputShape: [28, 28, 1]
  }
}
const step = (n: number): TrainEvent => ({
  type: 'step',
  record: { step: n, epoch: 0, loss: 1.5, acc: 0.5, lr: 0.001, ms: 4 }
})
const epoch: TrainEvent = {
  type: 'epoch',
  record: {
    epoch: 0,
    step: 2,
    trainLoss: 1.25,
    trainAcc: 0.5,
    valLoss: 1.5,
    valAcc: 0.4375,
    seconds: 0.5
  }
}

describe('train output', () => {
  it('uses the singular for one class, one validation image and one skipped file', () => {
    const line = datasetLine({
      root: 'tiny',
      classes: ['a'],
      counts: { train: { a: 3 }, val: { a: 1 } },
      skipped: [{ path: 'a/x.png', reason: 'unreadable' }],
      inputShape: [8, 8, 1]
    })
    expect(line).toBe('Data: tiny (1 class, 3 train / 1 validation image at 8×8×1, 1 file skipped)')
    const many = datasetLine({
      root: 'd',
      classes: ['a', 'b'],
      counts: { train: { a: 2, b: 2 }, val: { a: 1, b: 1 } },
      skipped: [
        { path: 'a/x', reason: 'r' },
        { path: 'a/y', reason: 'r' }
      ],
      inputShape: [8, 8, 3]
    })
    expect(many).toBe(
      'Data: d (2 classes, 4 train / 2 validation images at 8×8×3, 2 files skipped)'
    )
  })

  it('names the backend and why the others were skipped', () => {
    expect(
      backendLine('wasm', [
        { backend: 'node-gpu', reason: 'not installed' },
        { backend: 'node', reason: 'not installed' }
      ])
    ).toBe('Backend: wasm (skipped node-gpu: not installed; node: not installed)')
    expect(backendLine('cpu', [])).toBe('Backend: cpu')
  })

  it('prints one epoch line with losses, accuracies and throughput', () => {
    const record = {
      epoch: 1,
      step: 20,
      trainLoss: 0.51234,
      trainAcc: 0.8,
      valLoss: Number.NaN,
      valAcc: 0.75,
      seconds: 2
    }
    expect(epochLine(record, 5, 320.4)).toBe(
      'epoch 2/5  loss 0.5123  acc 0.800  val loss NaN  val acc 0.750  320 samples/s'
    )
  })

  it('draws a bar that fits the terminal', () => {
    const line = progressLine(
      { step: 9, epoch: 0, loss: 1, acc: 0.5, lr: 0.1, ms: 1 },
      10,
      20,
      3,
      60
    )
    expect(line).toMatch(/^epoch 1\/3 \[#+-+\] 50% step 10/)
    expect(line.length).toBeLessThan(60)
  })

  it('names the step and the layer of a divergence, and gives each status its exit code', () => {
    const diverged = end({ status: 'diverged', divergedAt: 17, divergedLayer: 'dense_3' })
    expect(endLine(diverged, '/runs/x', true)).toBe(
      'Diverged at step 17 in layer dense_3. The loss became non-finite; try a smaller learning rate. Run saved in /runs/x'
    )
    expect(endLine(end({}), '/runs/x', true)).toBe(
      'Completed 2 epochs (40 steps), val acc 0.875. Run saved in /runs/x'
    )
    expect(endLine(end({ epochs: 1, steps: 1 }), '/runs/x', true)).toMatch(
      /^Completed 1 epoch \(1 step\),/
    )
    expect(endLine(end({ status: 'stopped', steps: 1 }), '/runs/x', false)).toBe(
      'Stopped after 1 step.'
    )
    expect(endLine(end({ status: 'failed', reason: 'No images found.' }), '/runs/x', false)).toBe(
      'Failed: No images found.'
    )
    expect([
      exitCodeOf(end({})),
      exitCodeOf(diverged),
      exitCodeOf(end({ status: 'failed' })),
      exitCodeOf(end({ status: 'stopped' }))
    ]).toEqual([0, 3, 1, 130])
  })

  it('writes plain lines (no bar) when stdout is not a terminal, with samples/s over the epoch', () => {
    const { writes, view } = captured(false)
    for (const e of [
      dataset,
      { type: 'state', state: 'running' } as TrainEvent,
      step(0),
      step(1),
      epoch
    ])
      view.show(e)
    expect(writes.join('')).toBe(
      'Data: synthetic (2 classes, 128 train / 32 validation images at 28×28×1)\n' +
        'epoch 1/3  loss 1.2500  acc 0.500  val loss 1.5000  val acc 0.438  256 samples/s\n'
    )
  })

  it('redraws a bar on a terminal and clears it before the next line', () => {
    const { writes, view } = captured(true)
    for (const e of [
      dataset,
      step(0),
      step(1),
      { type: 'state', state: 'paused' } as TrainEvent,
      epoch
    ])
      view.show(e)
    expect(writes.filter((w) => w.startsWith('\repoch 1/3 ['))).toHaveLength(2)
    expect(writes).toContain('Paused.\n')
    expect(writes[writes.indexOf('Paused.\n') - 1]).toBe('\r\x1b[2K')
  })
})

describe('the evaluation line', () => {
  it('names the three weakest classes and the largest confusion', () => {
    const line = evaluationLine({
      format: 1,
      classes: ['cat', 'dog', 'fox', 'owl'],
      step: 40,
      splits: [
        {
          split: 'val',
          confusion: [
            [9, 1, 0, 0],
            [6, 4, 0, 0],
            [0, 0, 10, 0],
            [0, 0, 3, 7]
          ],
          counts: [10, 10, 10, 10],
          perClassAccuracy: [0.9, 0.4, 1, 0.7],
          accuracy: 0.75
        }
      ],
      misclassified: [],
      misclassifiedTotal: 10
    })
    expect(line).toBe(
      'Validation by class: lowest dog 40.0 %, owl 70.0 %, cat 90.0 %; most often confused: dog taken for cat (6).'
    )
  })
})
