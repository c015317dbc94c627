/**
 * The Data view's skipped-file list as plain functions: broken images apart from the rest, a
 * filter over path and reason, the window of rows a scrolled list draws (so a list of 100,000
 * side files costs as many DOM rows as fit on screen), and whether an answer about a folder
 * still belongs to the folder on screen.
 */
import { skipKind, type SkippedFile } from '../../../main/contract/runs/skipped-files'
import type { ImageSource } from '../../../main/contract/ipc/contract'

/** Broken images and the other skipped files, each in the order given. Does not mutate. */
export function splitBroken<T extends SkippedFile>(
  skipped: readonly T[]
): { broken: T[]; others: T[] } {
  const broken: T[] = []
  const others: T[] = []
  for (const s of skipped) (skipKind(s) === 'broken-image' ? broken : others).push(s)
  return { broken, others }
}

/**
 * The entries whose path or reason contains every word of `query` (case-insensitive); all of
 * them for a blank query. Does not mutate.
 */
export function filterSkipped<T extends SkippedFile>(skipped: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...skipped]
  return skipped.filter((s) => {
    const text = `${s.path} ${s.reason}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

export interface RowWindow {
  /** First row drawn (inclusive). */
  start: number
  /** Row after the last drawn (exclusive). */
  end: number
  /** Pixels above the first drawn row (its offset in the scrolled content). */
  top: number
  /** Height of the whole list in pixels. */
  height: number
}

/**
 * The rows of a `count`-row list (each `rowPx` tall) to draw when the viewport, `viewportPx`
 * tall, is scrolled `scrollPx` down, with `overscan` extra rows each side. Pure.
 */
export function rowWindow(
  count: number,
  rowPx: number,
  scrollPx: number,
  viewportPx: number,
  overscan = 8
): RowWindow {
  const first = Math.floor(Math.max(0, scrollPx) / rowPx)
  const start = Math.max(0, Math.min(count, first - overscan))
  const end = Math.min(count, first + Math.ceil(viewportPx / rowPx) + overscan)
  return { start, end: Math.max(start, end), top: start * rowPx, height: count * rowPx }
}

/** Two sources are the same choice (the sample, or one folder path). */
export const sameSource = (a: ImageSource, b: ImageSource): boolean =>
  a.kind === b.kind && (a.kind === 'sample' || (b.kind === 'folder' && a.path === b.path))

/**
 * True when an answer asked for `asked` and about folder `root` (null for an error, which names
 * no folder) still belongs to the folder on screen: the source is unchanged and, for an answer,
 * its folder is the one shown. A late answer for a folder chosen before is dropped.
 */
export function answerIsCurrent(
  asked: ImageSource,
  root: string | null,
  shown: { source: ImageSource; root: string | null }
): boolean {
  if (!sameSource(asked, shown.source)) return false
  return root === null || root === shown.root
}
