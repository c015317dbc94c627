/**
 * What the Runs view shows of the run history, in words: a run's date, status and final
 * metrics as one line, tag edits, the findings as plain-words rows (title, where, when), and
 * the outcome of an export. Pure.
 */
import type { LayerInfo } from '../../../main/contract/runs/records'
import type {
  Finding,
  FinalMetrics,
  FindingCause,
  RunStatus
} from '../../../main/contract/runs/summary'
import type { ExportDone, ExportFormat, RunListItem } from '../../../main/contract/ipc/contract'
import { formatValue } from './run-progress'

/** `2026-11-27T04:35:12.000Z` → `2026-11-27 04:35` (UTC, as stored); '' stays ''. */
export function runDate(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ')
}

/** Final metrics in one line, e.g. `val acc 0.91 · val loss 0.31 · train loss 0.25`. */
export function metricsLine(final: FinalMetrics): string {
  const parts: string[] = []
  if (final.valAcc != null) parts.push(`val acc ${formatValue(final.valAcc)}`)
  if (final.valLoss != null) parts.push(`val loss ${formatValue(final.valLoss)}`)
  if (final.trainAcc != null) parts.push(`train acc ${formatValue(final.trainAcc)}`)
  if (final.trainLoss != null) parts.push(`train loss ${formatValue(final.trainLoss)}`)
  return parts.length ? parts.join(' · ') : 'no metrics recorded'
}

/** Statuses a person should look at twice. */
export function statusIsBad(status: RunStatus): boolean {
  return status === 'failed' || status === 'diverged' || status === 'interrupted'
}

/** Runs whose name, tags, status or id contain every word of `query` (case-insensitive). */
export function filterRuns(runs: readonly RunListItem[], query: string): RunListItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...runs]
  return runs.filter((r) => {
    const text = [r.displayName, r.name, r.id, r.status, r.backend, ...r.tags, ...r.findings]
      .join(' ')
      .toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** Longest tag the store accepts (main/runs/store/run-store.ts). */
export const MAX_TAG = 40

/**
 * `tags` with `tag` added (trimmed; kept once), or an error saying why not. Does not mutate.
 */
export function addTag(
  tags: readonly string[],
  tag: string
): { tags: string[] } | { error: string } {
  const clean = tag.trim()
  if (clean === '') return { error: 'Type a tag first.' }
  if (clean.length > MAX_TAG)
    return { error: `A tag can have at most ${MAX_TAG} characters (this one has ${clean.length}).` }
  return { tags: tags.includes(clean) ? [...tags] : [...tags, clean] }
}

/** `tags` without `tag`. Does not mutate. */
export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => t !== tag)
}

/** Plain-words titles of the diagnosis codes (main/runs/diagnosis/*-rules.ts). */
const TITLES: Record<string, string> = {
  divergence: 'Training diverged',
  'symmetric-units': 'Units stayed identical (symmetry not broken)',
  'variance-collapse': 'Signal variance collapses with depth',
  'variance-explosion': 'Signal variance explodes with depth',
  'vanishing-gradients': 'Gradients vanish in early layers',
  'exploding-gradients': 'Gradients explode',
  'dead-relu': 'Dead ReLU units',
  saturation: 'Saturated units',
  'not-zero-centred': 'Activations not zero-centred',
  overfitting: 'Overfitting',
  'not-measured': 'Modules not measured'
}

/** The plain-words title of a finding code (its code in words when it is a new one). */
export function findingTitle(code: string): string {
  return TITLES[code] ?? code.replace(/-/g, ' ')
}

export interface FindingRow {
  code: string
  severity: Finding['severity']
  title: string
  /** `dense_1, dense_2`, or '' when the finding is about the whole run. */
  layers: string
  /** `steps 40–120` (or `step 2` for one step), or '' when the finding has no step range. */
  steps: string
  evidence: string
  suggestion: string
  /** The most likely cause (warnings and problems of runs diagnosed since causes exist). */
  cause: FindingCause | null
}

/** The findings as rows to draw, in the diagnosis' order (most severe first). Pure. */
export function findingRows(
  findings: readonly Finding[],
  layers: readonly LayerInfo[]
): FindingRow[] {
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    title: findingTitle(f.code),
    layers: f.layers.map((i) => layers[i]?.name ?? `layer ${i + 1}`).join(', '),
    steps: f.steps ? stepSpan(f.steps) : '',
    evidence: f.evidence,
    suggestion: f.suggestion,
    cause: f.cause ?? null
  }))
}

/** `step 2` for a one-step range, `steps 40–120` otherwise. */
export function stepSpan([from, to]: readonly [number, number]): string {
  return from === to ? `step ${from}` : `steps ${from}–${to}`
}

/** Counts by severity, e.g. `2 problems, 1 warning`, or `no findings`. */
export function findingsCount(findings: readonly Pick<Finding, 'severity'>[]): string {
  const parts = (['problem', 'warning', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`)
  return parts.length ? parts.join(', ') : 'no findings'
}

/** The outcome of exporting one format. */
export type ExportOutcome =
  | { format: ExportFormat; ok: true; done: ExportDone }
  | { format: ExportFormat; ok: false; error: string }

/** The folder holding the exported files (the longest common folder of their paths). */
export function exportFolder(outcomes: readonly ExportOutcome[]): string | null {
  const paths = outcomes.flatMap((o) => (o.ok ? o.done.paths : []))
  if (paths.length === 0) return null
  const [first, ...others] = paths.map((p) => p.split(/[\\/]/).slice(0, -1))
  const firstPath = paths[0] ?? ''
  const common: string[] = []
  for (const [i, part] of (first ?? []).entries()) {
    if (others.every((p) => p[i] === part)) common.push(part)
    else break
  }
  const sep = firstPath.includes('\\') && !firstPath.includes('/') ? '\\' : '/'
  return common.join(sep) || sep
}

/** The file name of a path (either separator). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}
