/**
 * The narrow host interface the whole UI talks to (netron-style): the Electron preload API and
 * the browser-mode WebSocket client both implement it, so one UI runs in both and tests can
 * drive it without Electron.
 */
import type { Invoke, ResponseOf, TrainEventBatch } from '../../../../main/contract/ipc/contract'

export interface HostApi {
  readonly kind: 'desktop' | 'browser'
  /** One typed request on a contract channel; always resolves to a Result, never throws. */
  readonly invoke: Invoke
  /** Subscribes to coalesced training events; returns the unsubscribe function. */
  onTrainEvent(listener: (batch: TrainEventBatch) => void): () => void
  /**
   * Subscribes to the connection coming back after it was lost (browser mode only: pushes sent
   * meanwhile are gone); returns the unsubscribe function.
   */
  onReconnect?(listener: () => void): () => void
  /**
   * Opens a folder dropped on the page (a File from the drop event) as an allowed image folder
   * and answers its real path; an error Result in the browser (it never reveals the path).
   */
  dropFolder(file: File): Promise<ResponseOf<'data:drop'>>
}
