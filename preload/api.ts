/**
 * The API object the preload exposes as `window.api`, built from the contract so its type is
 * derived, never written twice (`PreloadApi = ReturnType<typeof makePreloadApi>`). Electron-free:
 * it takes the few ipcRenderer/webUtils functions it needs, so tests can build it too.
 */
import { isInvokeChannel, type InvokeChannel } from './channels'
import type { Invoke, PushPayloads, ResponseOf } from './contract'

/** The part of ipcRenderer and webUtils the API uses. */
export interface PreloadIpc {
  invoke(channel: string, request: unknown): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void
  /** webUtils.getPathForFile: '' for files that are not on disk. */
  getPathForFile(file: never): string
}

/** Builds the renderer's API. Only contract channels can be invoked; the IPC event never leaks. */
export function makePreloadApi(ipc: PreloadIpc) {
  const invoke: Invoke = async <C extends InvokeChannel>(channel: C, request?: unknown) => {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: `Unknown channel "${String(channel)}".` } as ResponseOf<C>
    }
    try {
      return (await ipc.invoke(channel, request)) as ResponseOf<C>
    } catch (thrown) {
      // Only when main has no answer at all (it is starting, or crashed): still a Result.
      const reason = thrown instanceof Error ? thrown.message : String(thrown)
      return { ok: false, error: `The app did not answer "${channel}": ${reason}` } as ResponseOf<C>
    }
  }
  return {
    kind: 'desktop' as const,
    invoke,
    /** Subscribes to coalesced training events; returns the unsubscribe function. */
    onTrainEvent(listener: (batch: PushPayloads['train:event']) => void): () => void {
      const wrapped = (_event: unknown, payload: unknown) =>
        listener(payload as PushPayloads['train:event'])
      ipc.on('train:event', wrapped)
      return () => ipc.removeListener('train:event', wrapped)
    },
    /** The on-disk path of a dropped File or folder, or null when it has none. */
    pathForFile(file: unknown): string | null {
      const path = ipc.getPathForFile(file as never)
      return path === '' ? null : path
    }
  }
}

export type PreloadApi = ReturnType<typeof makePreloadApi>
