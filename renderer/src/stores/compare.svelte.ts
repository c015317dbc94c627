/**
 * What the Compare view shows, kept while the person visits other views: the chosen runs (2–4),
 * their loaded views, the scrubbed step and the picked layer (by name). One instance for the
 * app's lifetime, since views are unmounted on navigation. The run ids, step and layer are also
 * remembered across a reload (session-memory.ts); the Compare view loads the runs again. Runes.
 */
import type { RunView } from '../lib/run-state'
import { recall, remember } from '../lib/session-memory'

/** Runs overlaid at most (one colour each). */
export const MAX_COMPARED = 4

const KEY = 'compare'

interface Remembered {
  ids: string[]
  step: number
  layer: string
}

/** What a reload left, when it has the right shape; else null. */
export function asRemembered(value: unknown): Remembered | null {
  const v = value as Partial<Remembered> | null
  const ok =
    v !== null &&
    typeof v === 'object' &&
    Array.isArray(v.ids) &&
    v.ids.length >= 2 &&
    v.ids.length <= MAX_COMPARED &&
    v.ids.every((id) => typeof id === 'string') &&
    typeof v.step === 'number' &&
    Number.isFinite(v.step) &&
    typeof v.layer === 'string'
  return ok ? { ids: [...v.ids!], step: v.step!, layer: v.layer! } : null
}

export class CompareSelection {
  ids = $state<string[]>(['', ''])
  views = $state.raw<(RunView | null)[]>([null, null])
  step = $state(0)
  layer = $state('')

  constructor() {
    const saved = asRemembered(recall(KEY))
    if (saved) {
      this.ids = saved.ids
      this.views = saved.ids.map(() => null)
      this.step = saved.step
      this.layer = saved.layer
    }
    $effect.root(() => {
      $effect(() => remember(KEY, { ids: this.ids, step: this.step, layer: this.layer }))
    })
  }

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
