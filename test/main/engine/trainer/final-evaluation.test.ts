import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEnd, TrainEvent } from '../../../../main/contract/trainer-protocol'
import { runTraining } from '../../../../main/engine/trainer/run-training'
import { GALLERY_PER_CLASS, GALLERY_TOTAL } from '../../../../main/contract/runs/evaluation'
import { readRun, type RunData } from '../../../../main/runs/run-reader'
import { createRunWriter } from '../../../../main/runs/run-writer'
import { removeTempDirs, tempDir } from '../../../helpers/temp-dirs'
import { testConfig, useTestBackend } from '../test-backend'

/**
 * A real short run on the bundled sample (28×28 grey, train + test folders, validation split
 * from train), recorded by the real run writer and read back from its folder.
 */
let end: RunEnd
let run: RunData
beforeAll(async () => {
  await useTestBackend()
  const config = testConfig([{ type: 'dense', units: 16, initializer: 'he-normal' }], {
    inputShape: [28, 28, 1],
    training: { epochs: 1, maxSteps: 12, batchSize: 32 }
  })
  const out = await tempDir('final-evaluation')
  const request = {
    runId: 'evaluated',
    config,
    data: { kind: 'sample' as const },
    backend: 'wasm' as const
  }
  const writer = await createRunWriter(out, request)
  const events: TrainEvent[] = []
  end = await runTraining(
    request,
    (e) => {
      events.push(e)
      writer.record(e)
    },
    { waitWhilePaused: async () => {}, stopRequested: () => false }
  )
  await writer.finish(end)
  run = await readRun(writer.dir)
}, 120_000)
afterAll(removeTempDirs)

describe('the end-of-run evaluation', () => {
  it('has confusion rows that sum to the class counts of validation and test', () => {
    const evaluation = run.evaluation!
    expect(end.status).toBe('completed')
    expect(evaluation.classes).toEqual(run.summary.dataset!.classes)
    expect(evaluation.splits.map((s) => s.split)).toEqual(['val', 'test'])
    for (const split of evaluation.splits) {
      const counts = run.summary.dataset!.counts[split.split]!
      const expected = evaluation.classes.map((c) => counts[c] ?? 0)
      expect(split.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(expected)
      expect(split.counts).toEqual(expected)
      split.perClassAccuracy.forEach((acc, t) =>
        expect(acc).toBeCloseTo(split.confusion[t]![t]! / expected[t]!, 12)
      )
    }
  })

  it('has the run final accuracies exactly', () => {
    const [val, test] = run.evaluation!.splits
    expect(val!.accuracy).toBe(end.final.valAcc)
    expect(val!.accuracy).toBe(run.summary.final.valAcc)
    expect(test!.accuracy).toBe(end.final.testAcc)
  })

  it('keeps a bounded gallery of real misclassified validation images', async () => {
    const { misclassified, misclassifiedTotal, splits } = run.evaluation!
    const val = splits[0]!
    const wrong =
      val.counts.reduce((a, n) => a + n, 0) - val.confusion.reduce((a, r, t) => a + r[t]!, 0)
    expect(misclassifiedTotal).toBe(wrong)
    expect(misclassified.length).toBe(Math.min(wrong, GALLERY_TOTAL))
    const perClass = new Map<number, number>()
    for (const image of misclassified) {
      expect(image.predictedClass).not.toBe(image.trueClass)
      expect(image.confidence).toBeGreaterThan(1 / val.counts.length - 1e-6)
      expect(image.confidence).toBeLessThanOrEqual(1)
      perClass.set(image.trueClass, (perClass.get(image.trueClass) ?? 0) + 1)
      const png = Buffer.from(image.image.replace(/^data:image\/png;base64,/, ''), 'base64')
      const meta = await sharp(png).metadata()
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 28, 28, 1])
    }
    for (const n of perClass.values()) expect(n).toBeLessThanOrEqual(GALLERY_PER_CLASS)
  })
})

describe('gallery thumbnails', () => {
  it('shrinks a large colour image to fit 96 pixels and keeps a small one as it is', async () => {
    const { pngDataUrl } = await import('../../../../main/data/png-data-url')
    const size = async (url: string) => {
      const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata()
      return [meta.width, meta.height, meta.channels]
    }
    const big = new Uint8Array(200 * 100 * 3).fill(128)
    expect(await size(await pngDataUrl(big, 200, 100, 3, 96))).toEqual([96, 48, 3])
    const small = new Uint8Array(28 * 28).fill(9)
    expect(await size(await pngDataUrl(small, 28, 28, 1, 96))).toEqual([28, 28, 1])
  })
})
