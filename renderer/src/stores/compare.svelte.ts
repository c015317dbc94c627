/**
 * What the Compare view shows, kept while the person visits other views: the chosen runs (2–4),
 * their loaded views, the scrubbed step and the picked layer (by name). One instance for the
 * app's lifetime, since views are unmounted on navigation. Runes.
 */
import type { RunView } from '../lib/run-state'

/** Runs overlaid at most (one colour each). */
export const MAX_COMPARED = 4

export class CompareSelection {
  ids = $state<string[]>(['', ''])
  views = $state.raw<(RunView | null)[]>([null, null])
  step = $state(0)
  layer = $state('')

  /** Sets run slot `slot` (its id and loaded view, null to clear). */
  set(slot: number, id: string, view: RunView | null): void {
    this.ids = this.ids.map((x, i) => (i === slot ? id : x))
    this.views = this.views.map((v, i) => (i === slot ? view : v))
  }

  /** Adds an empty slot (up to MAX_COMPARED). */
  add(): void {
    if (this.ids.length >= MAX_COMPARED) return
    this.ids = [...this.ids, '']
    this.views = [...this.views, null]
  }

  /** Removes slot `slot`, keeping at least two. */
  remove(slot: number): void {
    if (this.ids.length <= 2) return
    this.ids = this.ids.filter((_, i) => i !== slot)
    this.views = this.views.filter((_, i) => i !== slot)
  }
}

/** The app's one Compare selection. */
export const compareSelection = new CompareSelection()
