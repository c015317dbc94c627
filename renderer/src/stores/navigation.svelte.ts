/**
 * Which view is shown, and what one view hands to another when it switches: the Runs view
 * sends two run ids to Compare. App.svelte and the sidebar read and set `current`.
 */
import type { ViewId } from '../views/view-ids'

export class Navigation {
  current = $state<ViewId>('train')
  /** Runs the Compare view should open next (taken once by it). */
  #comparePair: [string, string] | null = null

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
