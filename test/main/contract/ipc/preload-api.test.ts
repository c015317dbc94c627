import { realpath } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleDatasetRoot } from '../../../../main/data/folder/sample'
import { dispatch } from '../../../../main/app/dispatch'
import { makePreloadApi, type PreloadIpc } from '../../../../main/contract/ipc/preload-api'
import type { TrainEventBatch } from '../../../../main/contract/ipc/contract'
import { appFixture, type AppFixture } from '../../app/app-fixture'

/**
 * The preload API over an in-process "IPC" that goes to the real dispatch and handlers, the
 * way ipcMain.handle does in the app; it records every channel that reached it.
 */
let app: AppFixture
let reached: string[]
let listeners: Map<string, Set<(event: unknown, payload: unknown) => void>>
let ipc: PreloadIpc

beforeAll(async () => {
  app = await appFixture()
  reached = []
  listeners = new Map()
  ipc = {
    invoke: async (channel, request) => {
      reached.push(channel)
      return dispatch(app.handlers, channel, request)
    },
    on: (channel, listener) =>
      void listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
    getPathForFile: (file: never) => (file as { path?: string }).path ?? ''
  }
})
afterAll(() => app.cleanup())

const emit = (channel: string, payload: unknown) => {
  for (const listener of listeners.get(channel) ?? [])
    listener({ sender: 'the IPC event' }, payload)
}

describe('makePreloadApi', () => {
  it('invokes contract channels and returns their Result', async () => {
    const api = makePreloadApi(ipc)
    const info = await api.invoke('app:info')
    expect(info.ok).toBe(true)
    const scan = await api.invoke('data:scan', { source: { kind: 'folder', path: '/etc' } })
    expect(!scan.ok && scan.error).toMatch(/outside the data roots/)
  })

  it('never sends a channel outside the contract over IPC', async () => {
    const api = makePreloadApi(ipc)
    reached.length = 0
    const invokeAny = api.invoke as (
      channel: string,
      request?: unknown
    ) => Promise<{ ok: boolean; error?: string }>
    const result = await invokeAny('shell:exec', 'rm -rf /')
    expect(result).toEqual({ ok: false, error: 'Unknown channel "shell:exec".' })
    expect(reached).toEqual([])
  })

  it('turns an IPC failure into an error Result instead of throwing', async () => {
    const api = makePreloadApi({
      ...ipc,
      invoke: async () => {
        throw new Error("No handler registered for 'app:info'")
      }
    })
    expect(await api.invoke('app:info')).toEqual({
      ok: false,
      error: `The app did not answer "app:info": No handler registered for 'app:info'`
    })
  })

  it('hands train events to listeners without the IPC event, and unsubscribes', () => {
    const api = makePreloadApi(ipc)
    const got: unknown[][] = []
    const off = api.onTrainEvent((...args) => got.push(args))
    const batch: TrainEventBatch = {
      runId: 'r',
      events: [{ type: 'state', state: 'paused' }],
      droppedSteps: 0
    }
    emit('train:event', batch)
    off()
    emit('train:event', batch)
    expect(got).toEqual([[batch]])
  })

  it('opens a dropped folder by the path of the dropped File, and refuses one not on disk', async () => {
    const api = makePreloadApi(ipc)
    const dropped = await api.dropFolder({ path: sampleDatasetRoot() })
    expect(dropped.ok && dropped.value.path).toBe(await realpath(sampleDatasetRoot()))
    reached.length = 0
    const notOnDisk = await api.dropFolder({})
    expect(!notOnDisk.ok && notOnDisk.error).toMatch(/not a folder on this computer/)
    expect(reached).toEqual([])
  })

  it('never lets page script name a folder to open as if it had been dropped', async () => {
    const api = makePreloadApi(ipc)
    reached.length = 0
    const forged = await api.invoke('data:drop', { path: '/' })
    expect(!forged.ok && forged.error).toMatch(/by dropping it on the window/)
    expect(reached).toEqual([])
  })
})
