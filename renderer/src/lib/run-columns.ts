/**
 * The Runs list's columns in words: the data's folder name, how long the run took, its final
 * validation and test accuracy, what it changed from its preset, and its findings as titles;
 * and a run as one line for the Compare view's pickers. Pure.
 */
import type { RunListItem } from '../../../main/contract/ipc/contract'
import { findingTitle } from './run-history'
import { countOf } from './count-words'
import { formatDuration } from './run-progress'
import { percentText } from '../../../main/contract/runs/evaluation-words'

/** The last folder of `root` (either separator); `—` when unknown. */
export function datasetName(root: string | null): string {
  if (!root) return '—'
  const parts = root.split(/[\\/]/).filter(Boolean)
  return parts.at(-1) ?? root
}

/** Wall-clock time from start to end, e.g. `2:14`; `running` or `—` when it has no end. */
export function runDuration(run: Pick<RunListItem, 'startedAt' | 'endedAt' | 'status'>): string {
  if (run.status === 'running') return 'running'
  if (!run.endedAt || !run.startedAt) return '—'
  const seconds = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000
  return seconds >= 0 ? formatDuration(seconds) : '—'
}

/** Final accuracy as percentages: `{ val: '91.2 %', test: '90.1 %' }` ('–' when absent). */
export function accuracyCells(final: RunListItem['final']): { val: string; test: string } {
  return { val: percentText(final.valAcc), test: percentText(final.testAcc ?? null) }
}

/** What the run changed from its preset: `lr 0.3 → 0.1, 3 → 1 epochs`, `as preset`, or `own config`. */
export function changesLine(run: Pick<RunListItem, 'changes'>): string {
  if (run.changes === null) return 'own config'
  return run.changes.length === 0 ? 'as preset' : run.changes.join(', ')
}

/** The findings' titles, most severe first, e.g. `Dead ReLU units, Overfitting`; `—` for none. */
export function findingTitles(codes: readonly string[]): string {
  return codes.length === 0 ? '—' : codes.map(findingTitle).join(', ')
}

/**
 * A run as a Compare picker lists it: name, status, steps, the data's folder and the start
 * date, e.g. `relu-he — completed, 40 steps, data flowers, 2026-11-27 04:35` (the date as
 * stored, UTC).
 */
export function runChoiceLabel(
  run: Pick<RunListItem, 'displayName' | 'status' | 'steps' | 'datasetRoot' | 'startedAt'>
): string {
  const date = run.startedAt.slice(0, 16).replace('T', ' ')
  const data = `data ${datasetName(run.datasetRoot)}`
  return `${run.displayName} — ${run.status}, ${countOf(run.steps, 'step')}, ${data}, ${date}`
}
