/**
 * The Runs list's columns in words: the data's folder name, how long the run took, its final
 * validation and test accuracy, what it changed from its preset, and its findings as titles.
 * Pure.
 */
import type { RunListItem } from '../../../main/contract/ipc/contract'
import { findingTitle } from './run-history'
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
