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

const DROP_ONLY = 'A folder can be opened by dropping it on the window, not by naming it.'
const NOT_ON_DISK = 'What was dropped is not a folder on this computer; drop a folder of images.'

/** Builds the renderer's API. Only contract channels can be invoked; the IPC event never leaks. */
export function makePreloadApi(ipc: PreloadIpc) {
  const send = async <C extends InvokeChannel>(channel: C, request?: unknown) => {
    try {
      return (await ipc.invoke(channel, request)) as ResponseOf<C>
    } catch (thrown) {
      // Only when main has no answer at all (it is starting, or crashed): still a Result.
      const reason = thrown instanceof Error ? thrown.message : String(thrown)
      return { ok: false, error: `The app did not answer "${channel}": ${reason}` } as ResponseOf<C>
    }
  }
  const invoke: Invoke = async <C extends InvokeChannel>(channel: C, request?: unknown) => {
    if (!isInvokeChannel(channel)) {
      return { ok: false, error: `Unknown channel "${String(channel)}".` } as ResponseOf<C>
    }
    // main makes a dropped folder readable, so its path must come from a real drop (below),
    // never from page script: a compromised page could otherwise open any folder on the disk.
    if (channel === 'data:drop') return { ok: false, error: DROP_ONLY } as ResponseOf<C>
    return send(channel, request)
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
    /** Opens a folder dropped on the window (a File from a drop event) as an image source. */
    async dropFolder(file: unknown): Promise<ResponseOf<'data:drop'>> {
      let path = ''
      try {
        path = ipc.getPathForFile(file as never)
      } catch {
        // not a File: same answer as a file that is not on disk
      }
      if (path === '') return { ok: false, error: NOT_ON_DISK }
      return send('data:drop', { path })
    }
  }
}

export type PreloadApi = ReturnType<typeof makePreloadApi>
