import { describe, expect, it } from 'vitest'
import {
  csvCell,
  layerRows,
  seriesCsv,
  seriesJson,
  type SeriesInput
} from '../../../../main/runs/export/series'
import { config, layerInfo, probes, stepRecords } from './records-fixture'

/** An independent RFC-4180 reader: quoted fields, doubled quotes, commas inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (!quoted && (c === ',' || c === '\n')) {
      row.push(cell)
      cell = ''
      if (c === '\n') {
        rows.push(row)
        row = []
      }
    } else {
      cell += c
    }
  }
  return rows
}

const input: SeriesInput = {
  id: 'run-1',
  config: config(),
  summary: {} as SeriesInput['summary'],
  layers: [layerInfo('dense,"1"', 'relu'), layerInfo('output', 'softmax')],
  steps: stepRecords([2.3, Number.NaN, Number.POSITIVE_INFINITY]),
  probes: probes([0, 2], 2, (step) => ({ gradNorm: step === 2 ? Number.NEGATIVE_INFINITY : 1 })),
  epochs: [
    { epoch: 1, step: 3, trainLoss: 1, trainAcc: 0.5, valLoss: Number.NaN, valAcc: 0.4, seconds: 2 }
  ]
}

describe('CSV series', () => {
  const csv = seriesCsv(input)

  it('writes non-finite losses as NaN and Infinity, never as empty cells', () => {
    const rows = parseCsv(csv['steps.csv']!)
    expect(rows[0]).toEqual(['step', 'epoch', 'loss', 'acc', 'lr', 'ms'])
    expect(rows.slice(1).map((r) => r[2])).toEqual(['2.3', 'NaN', 'Infinity'])
    expect(rows.every((r) => r.every((c) => c !== ''))).toBe(true)
    expect(Number(rows[2]![2])).toBeNaN()
  })

  it('writes one row per layer per probe, quoting names with commas and quotes', () => {
    const rows = parseCsv(csv['layers.csv']!)
    expect(rows).toHaveLength(1 + 2 * 2)
    const name = rows[0]!.indexOf('name')
    const grad = rows[0]!.indexOf('gradNorm')
    expect(rows[1]![name]).toBe('dense,"1"')
    expect(rows[3]![grad]).toBe('-Infinity')
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true)
  })

  it('marks values that do not apply (no batch norm) as NA', () => {
    const rows = parseCsv(csv['layers.csv']!)
    expect(rows[1]![rows[0]!.indexOf('preNormVar')]).toBe('NA')
    expect(csvCell(null)).toBe('NA')
  })

  it('keeps a NaN validation loss in the epoch table', () => {
    expect(parseCsv(csv['epochs.csv']!)[1]).toEqual(['1', '3', '1', '0.5', 'NaN', '0.4', '2'])
  })
})

describe('CSV formula injection', () => {
  it('neutralizes text cells a spreadsheet would run as a formula, keeping numbers numeric', () => {
    expect(csvCell('=HYPERLINK("https://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""https://evil.example"",""x"")"'
    )
    for (const lead of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${lead}1+2`).replace(/^"/, '').startsWith(`'${lead}`)).toBe(true)
    expect(csvCell(-3.5)).toBe('-3.5')
    expect(csvCell(-Infinity)).toBe('-Infinity')
    expect(csvCell('dense_1')).toBe('dense_1')
  })

  it('writes a layer named like a formula as text in layers.csv', () => {
    const layers = [layerInfo('=cmd|calc', 'relu'), layerInfo('output', 'softmax', 10)]
    const csv = seriesCsv({ ...input, layers })
    const rows = parseCsv(csv['layers.csv']!)
    const names = rows.slice(1).map((r) => r[rows[0]!.indexOf('name')])
    expect(names).toContain("'=cmd|calc")
    expect(csv['layers.csv']).not.toMatch(/(^|,)=cmd/m)
  })
})

describe('JSON series', () => {
  it('spells non-finite numbers as strings and round-trips every step', () => {
    const doc = JSON.parse(seriesJson(input)) as {
      steps: { loss: number | string }[]
      epochs: { valLoss: number | string }[]
      layerSeries: Record<string, unknown>[]
    }
    expect(doc.steps.map((s) => s.loss)).toEqual([2.3, 'NaN', 'Infinity'])
    expect(doc.epochs[0]!.valLoss).toBe('NaN')
    expect(doc.layerSeries).toHaveLength(layerRows(input).length)
    expect(doc.layerSeries.map((r) => r.gradNorm)).toEqual([1, 1, '-Infinity', '-Infinity'])
  })

  it('uses null only for values that do not apply, never for a measured number', () => {
    const doc = JSON.parse(seriesJson(input)) as { layerSeries: Record<string, unknown>[] }
    const nullKeys = new Set(
      doc.layerSeries.flatMap((r) => Object.keys(r).filter((k) => r[k] === null))
    )
    expect([...nullKeys].sort()).toEqual(['dropoutKept', 'preNormMean', 'preNormVar'])
  })
})
