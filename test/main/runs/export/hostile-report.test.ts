/**
 * Hostile run files against the report: markup planted in every field of every run file the
 * report reads (summary, evaluation, layers, meta, a step, a probe, an epoch), one field at a
 * time and whatever that field's declared type, must come out as text. Before the escaping
 * template, a count or an index of evaluation.json reached the HTML as it was, and a planted
 * <meta http-equiv="refresh"> sent the reader elsewhere. The PDF, printed by real Chromium from
 * that HTML with every string field planted, is read back with pdftotext.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumPdf } from '../../../../main/runs/export/pdf'
import { htmlReport, type ReportInput } from '../../../../main/runs/export/html-report'
import type { RunSummary } from '../../../../main/contract/runs/summary'
import type { RunEvaluation } from '../../../../main/contract/runs/evaluation'
import { config, layerInfo, probes, stepRecords } from './records-fixture'

const PLANT = '"><meta http-equiv="refresh" content="0;url=https://evil.example/"><b id=planted>'

const summary: RunSummary = {
  format: 1,
  id: 'r',
  name: 'run',
  status: 'completed',
  reason: 'done',
  backend: 'cpu',
  backendNotes: [{ backend: 'wasm', reason: 'not installed' }],
  seed: 1,
  steps: 3,
  epochs: 1,
  samplesPerSecond: 100,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:01:00.000Z',
  final: { trainLoss: 1, trainAcc: 0.5, valLoss: 1.1, valAcc: 0.4 },
  divergedAt: null,
  divergedLayer: null,
  dataset: {
    root: '/data/cats',
    classes: ['cat', 'dog'],
    counts: { train: { cat: 4, dog: 6 }, val: { cat: 2, dog: 2 } },
    skipped: [{ path: '/data/cats/x.txt', reason: 'not an image' }],
    skippedCount: 1,
    inputShape: [8, 8, 1]
  },
  findings: [
    {
      code: 'dead-units',
      severity: 'warning',
      layers: [0],
      steps: [1, 2],
      evidence: 'half dead',
      suggestion: 'use leaky relu'
    }
  ],
  layers: []
} as unknown as RunSummary

const evaluation: RunEvaluation = {
  format: 1,
  classes: ['cat', 'dog'],
  step: 3,
  splits: [
    {
      split: 'val',
      confusion: [
        [1, 1],
        [1, 1]
      ],
      counts: [2, 2],
      perClassAccuracy: [0.5, 0.5],
      accuracy: 0.5
    }
  ],
  misclassified: [
    {
      index: 5,
      trueClass: 1,
      predictedClass: 0,
      confidence: 0.9,
      image: 'data:image/png;base64,iVBORw0KGgo='
    }
  ],
  misclassifiedTotal: 2
}

function baseInput(): ReportInput {
  return {
    id: 'r',
    config: config(),
    summary: structuredClone(summary),
    layers: [layerInfo('dense_1', 'relu'), layerInfo('output', 'softmax', 4)],
    steps: stepRecords([2, 1.5, 1]),
    probes: probes([0, 1, 2], 2, () => ({})),
    epochs: [{ epoch: 0, step: 3, trainLoss: 1, trainAcc: 0.5, valLoss: 1.1, valAcc: 0.4, seconds: 2 }],
    meta: { displayName: 'mine', tags: ['a'] },
    evaluation: structuredClone(evaluation)
  }
}

type Path = (string | number)[]

/** Every leaf (string, number, boolean, null) of `value`, as a path of keys. */
function leaves(value: unknown, at: Path = []): Path[] {
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      leaves(v, [...at, Array.isArray(value) ? Number(k) : k])
    )
  return [at]
}

/** A copy of `input` with `PLANT` at `path` (whose first key names the file). */
function planted(path: Path): ReportInput {
  const input = baseInput() as unknown as Record<string | number, unknown>
  let node = input
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path.at(-1)!] = PLANT
  return input as unknown as ReportInput
}

/** The files the report reads, as paths into its input (one record of each JSON-lines file). */
function fieldsOfEveryFile(): Path[] {
  const input = baseInput()
  const of = (file: string, value: unknown) => leaves(value).map((p) => [file, ...p])
  return [
    ...of('summary', input.summary),
    ...of('evaluation', input.evaluation),
    ...of('layers', input.layers),
    ...of('meta', input.meta),
    ...of('steps', input.steps).filter((p) => p[1] === 0),
    ...of('probes', input.probes).filter((p) => p[1] === 0),
    ...of('epochs', input.epochs)
  ]
}

describe('the report with markup planted in a run file', () => {
  const fields = fieldsOfEveryFile()

  it('covers every field of every file it reads', () => {
    const files = new Set(fields.map((p) => p[0]))
    expect([...files].sort()).toEqual(
      ['epochs', 'evaluation', 'layers', 'meta', 'probes', 'steps', 'summary'].sort()
    )
    expect(fields.length).toBeGreaterThan(100)
  })

  it('shows the planted markup as text, never as markup, in whichever field it is', () => {
    const leaked: string[] = []
    for (const path of fields) {
      let html: string
      try {
        html = htmlReport(planted(path))
      } catch (thrown) {
        leaked.push(`${path.join('.')}: threw ${String(thrown)}`)
        continue
      }
      if (html.includes('<b id=planted>') || html.includes('<meta http-equiv="refresh"'))
        leaked.push(path.join('.'))
    }
    expect(leaked).toEqual([])
  })

  it('prints the planted markup as text in the PDF, with every string field planted at once', async () => {
    const input = baseInput() as unknown as Record<string | number, unknown>
    let planted = 0
    for (const path of fields) {
      let node = input
      for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
      if (typeof node[path.at(-1)!] !== 'string' || path.includes('image')) continue
      node[path.at(-1)!] = PLANT
      planted++
    }
    const html = htmlReport(input as unknown as ReportInput)
    expect(html).not.toContain('<b id=planted>')
    const dir = await mkdtemp(join(tmpdir(), 'trainscape-hostile-pdf-'))
    try {
      await writeFile(join(dir, 'report.pdf'), await chromiumPdf(html))
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], {
        encoding: 'utf8'
      })
      // Printed as text: the tags are visible; rendered as markup, they would vanish.
      expect(text).toContain('<b id=planted>')
      expect(text.split('<b id=planted>').length - 1).toBeGreaterThanOrEqual(3)
      expect(planted).toBeGreaterThan(20)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('forbids forms and every fetch in its content security policy', () => {
    const html = htmlReport(baseInput())
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]
    expect(csp?.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining(["default-src 'none'", "form-action 'none'"])
    )
  })
})
