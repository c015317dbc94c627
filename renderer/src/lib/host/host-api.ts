/**
 * The narrow host interface the whole UI talks to (netron-style): the Electron preload API and
 * the browser-mode WebSocket client both implement it, so one UI runs in both and tests can
 * drive it without Electron.
 */
import type { Invoke, TrainEventBatch } from '../../../../preload/contract'

export interface HostApi {
  readonly kind: 'desktop' | 'browser'
  /** One typed request on a contract channel; always resolves to a Result, never throws. */
  readonly invoke: Invoke
  /** Subscribes to coalesced training events; returns the unsubscribe function. */
  onTrainEvent(listener: (batch: TrainEventBatch) => void): () => void
  /** The on-disk path of a dropped file or folder; null in the browser (it cannot know). */
  pathForFile(file: File): string | null
}
