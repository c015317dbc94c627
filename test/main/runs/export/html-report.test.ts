import { describe, expect, it } from 'vitest'
import { htmlReport, type ReportInput } from '../../../../main/runs/export/html-report'
import { layerSummaries, type RunSummary } from '../../../../main/contract/runs/summary'
import { config, layerInfo, probes, stepRecords } from './records-fixture'

function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    format: 1,
    id: 'r',
    name: 'fixture <run>',
    status: 'completed',
    reason: null,
    backend: 'cpu',
    backendNotes: [{ backend: 'wasm', reason: 'not installed' }],
    seed: 1,
    steps: 4,
    epochs: 0,
    samplesPerSecond: 100,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    final: { trainLoss: 1, trainAcc: 0.5, valLoss: null, valAcc: null },
    divergedAt: null,
    divergedLayer: null,
    dataset: null,
    findings: [],
    layers: [],
    ...overrides
  }
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  const layers = [layerInfo('dense_1', 'relu'), layerInfo('output', 'softmax', 10)]
  return {
    id: 'r',
    config: config(),
    summary: summary(),
    layers,
    steps: stepRecords([2, 1.5, 1]),
    probes: probes([0, 1, 2], 2, () => ({})),
    epochs: [],
    ...overrides
  }
}

describe('htmlReport', () => {
  it('draws the majority-class and chance baselines on the accuracy chart', () => {
    const dataset = {
      root: 'r',
      classes: ['a', 'b'],
      counts: { train: { a: 3, b: 1 }, val: { a: 3, b: 1 } },
      skipped: [],
      inputShape: [2, 2, 1] as [number, number, number],
      baselines: { chance: 0.5, majorityClass: 0.75 }
    }
    const html = htmlReport(input({ summary: summary({ dataset }) }))
    expect(html).toContain('majority class 75%')
    expect(html).toContain('chance 50%')
  })

  it('escapes names and says plainly when there are no findings', () => {
    const html = htmlReport(input())
    expect(html).toContain('fixture &lt;run&gt;')
    expect(html).not.toContain('fixture <run>')
    expect(html).toMatch(/No problems found/)
    expect(html).toContain('wasm: not installed')
  })

  it('puts findings, with their evidence and suggestion, before everything else', () => {
    const finding = {
      code: 'divergence',
      severity: 'problem' as const,
      layers: [0],
      steps: [1, 2] as [number, number],
      evidence: 'The loss became NaN.',
      suggestion: 'Lower the learning rate.'
    }
    const html = htmlReport(input({ summary: summary({ findings: [finding] }) }))
    expect(html.indexOf('The loss became NaN.')).toBeLessThan(
      html.indexOf('<h2>Configuration</h2>')
    )
    expect(html).toMatch(/layers: dense_1 · steps 1–2/)
  })

  it('says "step N" for a finding that spans a single step, not "steps N–N"', () => {
    const finding = {
      code: 'divergence',
      severity: 'problem' as const,
      layers: [],
      steps: [2, 2] as [number, number],
      evidence: 'The loss became NaN.',
      suggestion: 'Lower the learning rate.'
    }
    const html = htmlReport(input({ summary: summary({ findings: [finding] }) }))
    expect(html).toContain('<span class="where">step 2</span>')
    expect(html).not.toMatch(/steps 2–2/)
  })

  it('marks where a curve stops at a non-finite loss instead of drawing it', () => {
    const html = htmlReport(input({ steps: stepRecords([2, 1.5, Number.NaN, Number.NaN]) }))
    expect(html).toContain('✕ NaN')
    expect(html).not.toMatch(/NaN,|,NaN/)
  })

  it('renders a run interrupted before its first step', () => {
    const html = htmlReport(
      input({
        steps: [],
        probes: [],
        layers: [],
        summary: summary({ status: 'interrupted', reason: 'The trainer stopped.' })
      })
    )
    expect(html).toContain('interrupted — The trainer stopped.')
    expect(html).toContain('No probes were recorded.')
  })
})

describe('htmlReport: dataset and appendix', () => {
  const NOT_IMAGE = 'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP'
  const others = Array.from({ length: 200 }, (_, i) => ({
    path: `cat/s${String(i).padStart(3, '0')}.ogg`,
    reason: NOT_IMAGE
  }))
  const broken = [
    { path: 'dog/zz/cut.png', reason: 'truncated: the PNG data ends early' },
    { path: 'dog/zz/text.png', reason: NOT_IMAGE }
  ]
  const dataset = {
    root: '/data/clip-art',
    classes: ['cat', 'dog'],
    counts: { train: { cat: 8, dog: 8 } },
    skipped: [...broken, ...others],
    skippedCount: 2 + 3976,
    skippedGroups: [
      { kind: 'broken-image' as const, extension: '.png', count: 2 },
      { kind: 'not-image' as const, extension: '.ogg', count: 2104 },
      { kind: 'not-image' as const, extension: '.txt', count: 1872 }
    ],
    inputShape: [32, 32, 3] as [number, number, number]
  }

  it('counts skipped files by kind and names every broken image before any side file', () => {
    const html = htmlReport(input({ summary: summary({ dataset }) }))
    expect(html).toContain(
      '3,978 file(s) skipped:</b> 2 broken images (2 .png); 3,976 not images (2,104 .ogg, 1,872 .txt).'
    )
    expect(html).toContain('<h3>Broken images (2)</h3>')
    for (const b of broken) expect(html).toContain(`<code>${b.path}</code>`)
    expect(html.indexOf('dog/zz/text.png')).toBeLessThan(html.indexOf('cat/s000.ogg'))
    // 20 side files named, the rest counted: 3,978 − 2 broken − 20 shown
    expect(html).toContain('…and 3,956 more')
  })

  it('puts the configuration JSON in an appendix after everything else', () => {
    const html = htmlReport(input())
    const appendix = html.indexOf('<h2>Appendix: configuration (JSON)</h2>')
    expect(appendix).toBeGreaterThan(html.indexOf('<h2>Backend and timings</h2>'))
    expect(html.indexOf('<pre>')).toBeGreaterThan(appendix)
  })
})

describe('htmlReport with a hostile summary.json', () => {
  const EVIL = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
  // Every field of a real layer snapshot, each holding markup.
  const real = layerSummaries(input().layers, { layers: input().probes[0]!.layers, census: null }, null)[0]!.atInit!
  const snapshot = Object.fromEntries(Object.keys(real).map((k) => [k, EVIL]))
  // Every field a crafted summary.json can hold, each carrying markup instead of its value.
  const hostile = {
    ...summary(),
    id: EVIL,
    name: EVIL,
    status: EVIL,
    reason: EVIL,
    backend: EVIL,
    backendNotes: [{ backend: EVIL, reason: EVIL }],
    seed: EVIL,
    steps: EVIL,
    epochs: EVIL,
    samplesPerSecond: EVIL,
    startedAt: EVIL,
    endedAt: EVIL,
    final: { trainLoss: EVIL, trainAcc: EVIL, valLoss: EVIL, valAcc: EVIL },
    divergedAt: EVIL,
    divergedLayer: EVIL,
    dataset: {
      root: EVIL,
      classes: [EVIL],
      counts: { [EVIL]: { [EVIL]: EVIL } },
      skipped: [{ path: EVIL, reason: EVIL }],
      inputShape: [EVIL, EVIL]
    },
    findings: [
      {
        code: EVIL,
        severity: EVIL,
        layers: [EVIL],
        steps: [EVIL, EVIL],
        evidence: EVIL,
        suggestion: EVIL
      }
    ],
    layers: [
      {
        name: EVIL,
        kind: EVIL,
        activation: EVIL,
        initializer: EVIL,
        fanIn: EVIL,
        units: EVIL,
        atInit: snapshot,
        final: snapshot
      }
    ]
  } as unknown as RunSummary

  it('escapes every field, so no markup from the file reaches the page', () => {
    expect(Object.keys(snapshot)).toContain('predictedPreVar')
    const html = htmlReport(input({ summary: hostile, meta: { displayName: EVIL, tags: [EVIL] } }))
    expect(html).not.toContain('<meta http-equiv="refresh"')
    expect(html).toContain('&lt;meta http-equiv=&quot;refresh&quot;')
    // Only the report's own three meta tags (charset, CSP, viewport).
    expect(html.match(/<meta/g)).toHaveLength(3)
  })

  it('escapes a dataset whose fields are not even the right types', () => {
    const odd = {
      ...hostile,
      dataset: { root: EVIL, classes: EVIL, counts: EVIL, skipped: EVIL, inputShape: EVIL }
    } as unknown as RunSummary
    const html = htmlReport(input({ summary: odd }))
    expect(html).not.toContain('<meta http-equiv="refresh"')
  })
})
