/**
 * Which view is shown, and what one view hands to another when it switches: the Runs view
 * sends two run ids to Compare. App.svelte and the sidebar read and set `current`; the view
 * shown is remembered across a reload (session-memory.ts).
 */
import { recall, remember } from '../lib/session-memory'
import { VIEWS, type ViewId } from '../views/view-ids'

const KEY = 'view'

/** `value` when it names a view, else null. */
function asViewId(value: unknown): ViewId | null {
  return VIEWS.find((v) => v.id === value)?.id ?? null
}

export class Navigation {
  #current = $state<ViewId>(asViewId(recall(KEY)) ?? 'train')
  /** Runs the Compare view should open next (taken once by it). */
  #comparePair: [string, string] | null = null

  get current(): ViewId {
    return this.#current
  }

  set current(view: ViewId) {
    this.#current = view
    remember(KEY, view)
  }

  go(view: ViewId): void {
    this.current = view
  }

  /** Opens the Compare view with runs `a` and `b`. */
  compare(a: string, b: string): void {
    this.#comparePair = [a, b]
    this.current = 'compare'
  }

  /** The pair handed over by `compare()`, once; null afterwards. */
  takeComparePair(): [string, string] | null {
    const pair = this.#comparePair
    this.#comparePair = null
    return pair
  }
}
