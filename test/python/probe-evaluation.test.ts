/**
 * Probe.evaluate() in PyTorch: evaluation.json's confusion matrices, per-class accuracy, the
 * split accuracies and losses in summary.json, and the misclassified gallery, against counts made
 * here from the very logits and targets the script passed (argmax, then count, as sklearn's
 * confusion_matrix does), and the gallery images decoded back to the pixels the script gave.
 */
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { pickMisclassified } from '../../main/contract/runs/confusion'
import { readRun } from '../../main/runs/run-reader'
import { removeTempDirs, tempDir } from '../helpers/temp-dirs'
import { PACKAGE, PYTHON, printedRunDir, runFixture, torchMissing } from './python-torch'

afterAll(removeTempDirs)

interface SplitDump {
  logits: number[][]
  targets: number[]
}
interface Dump {
  val: SplitDump
  test: SplitDump
  valImages: number[]
}

const argmax = (row: number[]): number => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0)

/** Softmax of one row, in float64. */
function softmax(row: number[]): number[] {
  const top = Math.max(...row)
  const e = row.map((v) => Math.exp(v - top))
  const sum = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / sum)
}

/** confusion[t][p], per-class recall, accuracy and mean cross-entropy, counted from scratch. */
function count({ logits, targets }: SplitDump, classes: number) {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  let loss = 0
  logits.forEach((row, i) => {
    confusion[targets[i]!]![argmax(row)]! += 1
    loss -= Math.log(softmax(row)[targets[i]!]!)
  })
  const counts = confusion.map((row) => row.reduce((a, b) => a + b, 0))
  const correct = confusion.reduce((sum, row, t) => sum + row[t]!, 0)
  return {
    confusion,
    counts,
    perClassAccuracy: confusion.map((row, t) => (counts[t] ? row[t]! / counts[t]! : null)),
    accuracy: correct / targets.length,
    loss: loss / targets.length
  }
}

describe.skipIf(torchMissing() !== null)('Probe.evaluate()', () => {
  it('writes evaluation.json and final val/test accuracy that match counts made from the logits', async () => {
    const out = await tempDir('torch-evaluate')
    const dumpFile = join(out, 'dump.json')
    const dir = printedRunDir(await runFixture('evaluate.py', [out, dumpFile]))
    const dump = JSON.parse(await readFile(dumpFile, 'utf8')) as Dump
    const run = await readRun(dir)
    const evaluation = run.evaluation!
    expect(evaluation.classes).toEqual(['0', '1', '2', '3'])
    expect(evaluation.step).toBe(12)
    expect(evaluation.splits.map((s) => s.split)).toEqual(['val', 'test'])
    for (const [i, split] of (['val', 'test'] as const).entries()) {
      const expected = count(dump[split], 4)
      const got = evaluation.splits[i]!
      expect(got.confusion).toEqual(expected.confusion)
      expect(got.counts).toEqual(expected.counts)
      expect(got.accuracy).toBeCloseTo(expected.accuracy, 12)
      got.perClassAccuracy.forEach((a, t) =>
        expect(a).toBeCloseTo(expected.perClassAccuracy[t]!, 12)
      )
      const final = run.summary.final
      expect(split === 'val' ? final.valAcc : final.testAcc).toBeCloseTo(expected.accuracy, 12)
      // Cross-entropy in float32 inside torch: agree to 1e-5.
      expect(split === 'val' ? final.valLoss : final.testLoss).toBeCloseTo(expected.loss, 5)
    }
    // The learnt net is neither perfect nor useless on this data: the gallery has something to show.
    const val = evaluation.splits[0]!
    expect(val.accuracy).toBeGreaterThan(0.25)
    expect(val.accuracy).toBeLessThan(1)
  }, 120_000)

  it('keeps the most confident mistakes of each class in turn, with the images the script gave', async () => {
    const out = await tempDir('torch-gallery')
    const dumpFile = join(out, 'dump.json')
    const dir = printedRunDir(await runFixture('evaluate.py', [out, dumpFile]))
    const dump = JSON.parse(await readFile(dumpFile, 'utf8')) as Dump
    const { evaluation } = await readRun(dir)
    const predicted = dump.val.logits.map(argmax)
    const confidence = dump.val.logits.map((row) => Math.max(...softmax(row)))
    const picked = pickMisclassified(dump.val.targets, predicted, confidence, 8, 48)
    const wrong = predicted.filter((p, i) => p !== dump.val.targets[i]).length
    expect(evaluation!.misclassifiedTotal).toBe(wrong)
    expect(evaluation!.misclassified.map((m) => m.index)).toEqual(picked)
    for (const m of evaluation!.misclassified) {
      expect(m.trueClass).toBe(dump.val.targets[m.index])
      expect(m.predictedClass).toBe(predicted[m.index])
      expect(m.confidence).toBeCloseTo(confidence[m.index]!, 5)
    }
    // The first gallery image decodes to the script's 8×8 pixels (values in [0, 1] → bytes).
    const first = evaluation!.misclassified[0]!
    const png = Buffer.from(first.image.replace('data:image/png;base64,', ''), 'base64')
    const meta = await sharp(png).metadata()
    expect([meta.width, meta.height, meta.channels]).toEqual([8, 8, 1])
    const data = await sharp(png).extractChannel(0).raw().toBuffer()
    const expected = dump.valImages.slice(first.index * 64, first.index * 64 + 64)
    expect(Array.from(data)).toEqual(expected.map((v) => Math.round(v * 255)))
  }, 120_000)

  it('refuses logits that do not fit the run, saying what is wrong', async () => {
    const out = await tempDir('torch-evaluate-bad')
    const script = `
import sys, torch
sys.path.insert(0, ${JSON.stringify(PACKAGE)})
from torch import nn
from trainscape_probe import Probe
model = nn.Sequential(nn.Linear(4, 3))
probe = Probe(model, run_dir=sys.argv[1], probe_inputs=torch.randn(8, 4))
for logits, targets in ((torch.randn(5, 2), torch.zeros(5, dtype=torch.long)),
                        (torch.randn(5, 3), torch.tensor([0, 1, 2, 3, 0])),
                        (torch.randn(5, 3), torch.zeros(4, dtype=torch.long))):
    try:
        probe.evaluate(logits, targets)
    except ValueError as e:
        print(e)
probe.close()
`
    const { stdout } = await promisify(execFile)(PYTHON, ['-c', script, out])
    expect(stdout.trim().split('\n')).toEqual([
      "evaluate: logits have 2 columns but the run has 3 classes; pass class_names (or dataset classes) that match the model's output",
      'evaluate: targets must be class indices in 0..2; got 0..3',
      'evaluate: targets must be a tensor [batch] of class indices, one per row of logits (5); got shape [4]'
    ])
  }, 60_000)
})
