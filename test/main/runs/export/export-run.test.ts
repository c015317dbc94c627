import { execFile } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticImageSet } from '../../../../main/data/synthetic'
import { forward } from '../../../../main/engine/model/forward'
import { disposeModel } from '../../../../main/engine/model/model'
import {
  EXPORT_FORMATS,
  exportRun,
  type ExportOutcome
} from '../../../../main/runs/export/export-run'
import { readRun, readWeights, type RunData } from '../../../../main/runs/run-reader'
import { REPO, removeTempDirs, tempDir, tinyConfig, trainRun } from '../train-cli'
import { engineModelWith, fileHandler } from './model-loader'
import { decodeEvent, readRecords } from './tfrecord-reader'

const run$ = promisify(execFile)
let root: string
let out: string
let run: RunData
let outcomes: ExportOutcome[]

beforeAll(async () => {
  root = await tempDir('export')
  const dir = await trainRun(
    root,
    tinyConfig({
      data: { trainPerClass: 20 },
      training: {
        optimizer: { type: 'adam', learningRate: 0.01 },
        batchSize: 50,
        epochs: 3,
        seed: 3
      }
    }),
    // The model test below rebuilds this run's validation images from the synthetic set.
    ['--data', 'synthetic']
  )
  run = await readRun(dir)
  out = join(root, 'export')
  outcomes = await exportRun(dir, EXPORT_FORMATS, out)
}, 240_000)

afterAll(async () => {
  tf.disposeVariables()
  await removeTempDirs()
})

const file = (name: string) => readFile(join(out, name), 'utf8')
/** The report's file name: the run's name and start (reportBaseName), not "report". */
const reportFile = (ext: 'html' | 'pdf') => {
  const ok = outcomes.find((o) => o.format === ext)
  const path = ok?.ok ? ok.paths[0] : undefined
  if (path === undefined) throw new Error(`no ${ext} report was written`)
  return path.slice(out.length + 1)
}

describe('exportRun on a real run', () => {
  it('writes every format and reports each path', () => {
    expect(outcomes.filter((o) => !o.ok)).toEqual([])
    expect(outcomes.map((o) => o.format)).toEqual([...EXPORT_FORMATS])
  })

  it('writes a self-contained HTML report with findings first and no external references', async () => {
    const html = await file(reportFile('html'))
    // The only attribute that may point anywhere is an image source inside the document itself.
    expect(html).not.toMatch(/\b(href|xlink:href|action)\s*=/i)
    expect(html).not.toMatch(/\bsrc\s*=\s*"(?!data:image\/png;base64,)/i)
    expect(html).not.toMatch(/url\(|@import|https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i)
    expect(html.indexOf('<h2>Findings</h2>')).toBeLessThan(html.indexOf('<h2>Configuration</h2>'))
    for (const heading of [
      'Dataset',
      'Loss and accuracy',
      'Confusion matrix and misclassified images',
      'Variance versus depth',
      'Gradient flow',
      'Dead and saturated units',
      'Per-layer numbers',
      'Activation landscapes',
      'Backend and timings'
    ])
      expect(html).toContain(`<h2>${heading}`)
    expect(html).toContain(run.id)
    expect(html).toMatch(/<h3>Validation: accuracy \d+\.\d %<\/h3>/)
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(8)
  })

  it('writes a PDF that renders to at least one page', async () => {
    await run$('pdftoppm', ['-r', '20', '-png', join(out, reportFile('pdf')), join(root, 'page')])
    const pages = (await readdir(root)).filter((f) => /^page-\d+\.png$/.test(f))
    expect(pages.length).toBeGreaterThanOrEqual(1)
  })

  it('writes steps.csv with exactly the recorded steps', async () => {
    const [head, ...rows] = (await file('steps.csv'))
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','))
    expect(head).toEqual(['step', 'epoch', 'loss', 'acc', 'lr', 'ms'])
    expect(rows.map((r) => Number(r[0]))).toEqual(run.steps.map((s) => s.step))
    expect(rows.map((r) => Number(r[2]))).toEqual(run.steps.map((s) => s.loss))
  })

  it('writes layers.csv and series.json with one row per layer per probe', async () => {
    const rows = (await file('layers.csv')).trimEnd().split('\n')
    expect(rows.length - 1).toBe(run.probes.length * run.layers.length)
    const json = JSON.parse(await file('series.json')) as {
      steps: unknown[]
      layerSeries: unknown[]
    }
    expect(json.steps).toHaveLength(run.steps.length)
    expect(json.layerSeries).toHaveLength(rows.length - 1)
  })

  it('writes a TensorBoard event file whose every record passes both CRC checks', async () => {
    const dir = join(out, 'tensorboard', run.id)
    const [name] = await readdir(dir)
    expect(name).toMatch(/^events\.out\.tfevents\.\d+\.trainscape$/)
    const events = readRecords(new Uint8Array(await readFile(join(dir, name!)))).map(decodeEvent)
    expect(events[0]!.fileVersion).toBe('brain.Event:2')
    const losses = events.flatMap((e) =>
      e.values.filter((v) => v.tag === 'train/loss').map((v) => [e.step, v.simpleValue])
    )
    expect(losses).toEqual(run.steps.map((s) => [s.step, Math.fround(s.loss)]))
    const histos = events.flatMap((e) => e.values.filter((v) => v.histo !== null))
    expect(histos.length).toBeGreaterThanOrEqual(run.probes.length * run.layers.length * 2)
    const first = run.probes[0]!.layers[0]!.pre
    const h = histos.find((v) => v.tag === `${run.layers[0]!.name}/pre_activation`)!.histo!
    expect(h.num).toBe(
      first.histogram.counts.reduce((a, b) => a + b, 0) +
        first.histogram.underflow +
        first.histogram.overflow
    )
  })

  it('writes a LayersModel that tf.loadLayersModel loads and that predicts what the engine computes from [0, 1] pixels', async () => {
    const normalization = run.summary.dataset!.normalization!
    expect(normalization.mode).toBe('standardize')
    expect(normalization.mean[0]).toBeGreaterThan(0.01)
    const loaded = await tf.loadLayersModel(fileHandler(join(out, 'model', 'model.json')))
    expect(loaded.layers.map((l) => l.name)).toContain('input_normalization')
    const meta = loaded.getUserDefinedMetadata() as { trainscape: { classes: string[] } }
    expect(meta.trainscape.classes).toEqual(run.summary.dataset?.classes)
    const classes = meta.trainscape.classes.length
    const data = syntheticImageSet(run.summary.dataset!.inputShape, run.config.training.seed)
    const n = data.val.count
    const images = new Float32Array(n * 12 * 12)
    await data.val.gather(
      Int32Array.from({ length: n }, (_, i) => i),
      images
    )
    const engine = engineModelWith(
      run.config,
      classes,
      (await readWeights(run.dir))!,
      normalization
    )
    const [theirs, ours] = tf.tidy(() => {
      const x = tf.tensor4d(images, [n, 12, 12, 1])
      return [loaded.predict(x) as tf.Tensor2D, tf.softmax(forward(engine, x, { training: false }))]
    })
    const a = await theirs.array()
    const b = await ours.array()
    const maxDiff = Math.max(...a.flatMap((row, i) => row.map((p, j) => Math.abs(p - b[i]![j]!))))
    expect(maxDiff).toBeLessThan(1e-4)
    const labels = Array.from(data.val.labels)
    const argmax = (row: number[]) => row.indexOf(Math.max(...row))
    const accuracy = a.filter((row, i) => argmax(row) === labels[i]).length / n
    expect(accuracy).toBeCloseTo(run.summary.final.valAcc!, 6)
    tf.dispose([theirs, ours])
    disposeModel(engine)
    loaded.dispose()
  })
})

describe('a failed export', () => {
  it('writes nothing and says why when the output path runs through a file', async () => {
    const blocker = join(root, 'not-a-folder')
    await writeFile(blocker, 'x')
    const outcomes = await exportRun(run.dir, ['html', 'csv'], join(blocker, 'out'))
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error))).toEqual([
      expect.stringMatching(/report\.html: a part of the path is a file/),
      expect.stringMatching(/steps\.csv: a part of the path is a file/)
    ])
  })

  it('leaves no half-written file when the disk limit is hit mid-write', async () => {
    const limited = join(root, 'limited')
    const cmd = `ulimit -f 16; exec "${process.execPath}" --import tsx main/cli/report.ts "${run.dir}" --format csv,html --out "${limited}"`
    const result = await run$('bash', ['-c', cmd], { cwd: REPO }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /html: FAILED — Could not write .*report\.html: the file is larger than this system allows/
    )
    const left = await readdir(limited)
    expect(left.sort()).toEqual(['epochs.csv', 'layers.csv', 'steps.csv'])
  })
})
