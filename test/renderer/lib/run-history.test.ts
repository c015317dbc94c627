import { describe, expect, it } from 'vitest'
import type { LayerInfo } from '../../../main/contract/runs/records'
import type { Finding } from '../../../main/contract/runs/summary'
import type { RunListItem } from '../../../main/contract/ipc/contract'
import {
  addTag,
  exportFolder,
  fileName,
  filterRuns,
  findingRows,
  findingsCount,
  metricsLine,
  removeTag,
  runDate,
  statusIsBad
} from '../../../renderer/src/lib/run-history'

function item(over: Partial<RunListItem>): RunListItem {
  return {
    id: '20261127-043512-relu-he-3f9a',
    name: 'relu-he',
    displayName: 'relu-he',
    tags: [],
    status: 'completed',
    reason: null,
    findings: [],
    damage: null,
    startedAt: '2026-11-27T04:35:12.000Z',
    endedAt: null,
    steps: 10,
    epochs: 1,
    backend: 'cpu',
    final: { trainLoss: null, trainAcc: null, valLoss: null, valAcc: null },
    datasetRoot: null,
    preset: null,
    changes: null,
    forkOf: null,
    configDiffers: null,
    ...over
  }
}

const layer = (name: string) => ({ name }) as LayerInfo

describe('the run history in words', () => {
  it('shows the stored UTC start time to the minute', () => {
    expect(runDate('2026-11-27T04:35:12.000Z')).toBe('2026-11-27 04:35')
    expect(runDate('')).toBe('')
  })

  it('puts the final metrics on one line, validation first, and says when there are none', () => {
    expect(metricsLine({ trainLoss: 0.25, trainAcc: 0.9, valLoss: 0.31234, valAcc: 0.9126 })).toBe(
      'val acc 0.913 · val loss 0.312 · train acc 0.9 · train loss 0.25'
    )
    expect(metricsLine({ trainLoss: 1.5, trainAcc: null, valLoss: null, valAcc: null })).toBe(
      'train loss 1.5'
    )
    expect(metricsLine({ trainLoss: null, trainAcc: null, valLoss: null, valAcc: null })).toBe(
      'no metrics recorded'
    )
  })

  it('flags failed, diverged and interrupted runs only', () => {
    expect(['failed', 'diverged', 'interrupted'].every((s) => statusIsBad(s as never))).toBe(true)
    expect(['completed', 'stopped', 'running'].some((s) => statusIsBad(s as never))).toBe(false)
  })

  it('filters by every typed word over name, tags, status and findings', () => {
    const runs = [
      item({ id: 'a', name: 'a', displayName: 'Baseline', tags: ['relu'] }),
      item({
        id: 'b',
        name: 'b',
        displayName: 'Deep sigmoid',
        status: 'interrupted',
        findings: ['dead-relu']
      }),
      item({ id: 'c', name: 'c', displayName: 'Wide', tags: ['sigmoid', 'wide'] })
    ]
    expect(filterRuns(runs, '').map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(filterRuns(runs, 'SIGMOID').map((r) => r.id)).toEqual(['b', 'c'])
    expect(filterRuns(runs, 'sigmoid interrupted').map((r) => r.id)).toEqual(['b'])
    expect(filterRuns(runs, 'relu').map((r) => r.id)).toEqual(['a', 'b'])
    expect(filterRuns(runs, 'nothing-like-this')).toEqual([])
  })
})

describe('tag edits', () => {
  it('adds a trimmed tag once and never mutates the list it was given', () => {
    const tags = ['relu']
    expect(addTag(tags, '  small ')).toEqual({ tags: ['relu', 'small'] })
    expect(addTag(tags, 'relu')).toEqual({ tags: ['relu'] })
    expect(tags).toEqual(['relu'])
    expect(removeTag(['relu', 'small'], 'relu')).toEqual(['small'])
  })

  it('refuses an empty tag and one longer than the store keeps, saying why', () => {
    expect(addTag([], '   ')).toEqual({ error: 'Type a tag first.' })
    const long = addTag([], 'x'.repeat(41))
    expect('error' in long && long.error).toMatch(/at most 40 characters \(this one has 41\)/)
  })
})

describe('findings as rows', () => {
  const findings: Finding[] = [
    {
      code: 'dead-relu',
      severity: 'problem',
      layers: [0, 2],
      steps: [40, 120],
      evidence: '62% of dense_1 units never fire after step 40.',
      suggestion: 'Lower the learning rate or use He initialisation.'
    },
    {
      code: 'some-new-rule',
      severity: 'info',
      layers: [],
      steps: null,
      evidence: 'x',
      suggestion: 'y'
    }
  ]

  it('names the layers and the step range, and titles the code in plain words', () => {
    const rows = findingRows(findings, [layer('dense_1'), layer('dense_2'), layer('output')])
    expect(rows[0]).toEqual({
      code: 'dead-relu',
      severity: 'problem',
      title: 'Dead ReLU units',
      layers: 'dense_1, output',
      steps: 'steps 40–120',
      evidence: findings[0]!.evidence,
      suggestion: findings[0]!.suggestion,
      cause: null
    })
    expect(rows[1]).toMatchObject({ title: 'some new rule', layers: '', steps: '' })
  })

  it("carries a finding's cause to its row", () => {
    const cause = {
      code: 'learning-rate',
      confidence: 'likely',
      text: 'Steps too large for dense_1.',
      evidence: { layer: 'dense_1', step: 0, numbers: { updateRatio: 0.05 } }
    } as const
    const rows = findingRows([{ ...findings[0]!, cause }], [layer('dense_1')])
    expect(rows[0]!.cause).toEqual(cause)
  })

  it('says "step 2" for a one-step range instead of "steps 2–2"', () => {
    const single = { ...findings[0]!, steps: [2, 2] as [number, number] }
    expect(findingRows([single], [layer('dense_1')])[0]!.steps).toBe('step 2')
  })

  it('numbers a layer the run did not describe instead of dropping it', () => {
    expect(findingRows([findings[0]!], [layer('dense_1')])[0]!.layers).toBe('dense_1, layer 3')
  })

  it('counts findings by severity', () => {
    expect(findingsCount(findings)).toBe('1 problem, 1 info')
    expect(findingsCount([...findings, findings[0]!])).toBe('2 problems, 1 info')
    expect(findingsCount([])).toBe('no findings')
  })
})

describe('export outcomes', () => {
  it('says which folder the files of every successful format went to', () => {
    const folder = exportFolder([
      { format: 'html', ok: true, done: { format: 'html', paths: ['/runs/r/export/report.html'] } },
      {
        format: 'csv',
        ok: true,
        done: { format: 'csv', paths: ['/runs/r/export/steps.csv', '/runs/r/export/epochs.csv'] }
      },
      { format: 'pdf', ok: false, error: 'Chromium was not found' }
    ])
    expect(folder).toBe('/runs/r/export')
    expect(exportFolder([{ format: 'pdf', ok: false, error: 'x' }])).toBeNull()
    expect(
      exportFolder([
        {
          format: 'json',
          ok: true,
          done: { format: 'json', paths: ['C:\\runs\\r\\export\\run.json'] }
        }
      ])
    ).toBe('C:\\runs\\r\\export')
  })

  it('takes the file name from either kind of path', () => {
    expect(fileName('/runs/r/export/report.html')).toBe('report.html')
    expect(fileName('C:\\runs\\r\\run.json')).toBe('run.json')
    expect(fileName('/exports/r/steps.csv')).toBe('steps.csv')
  })
})
