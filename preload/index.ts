/**
 * Preload (sandboxed, context-isolated): exposes the contract's API as `window.api` and nothing
 * else — no ipcRenderer, no Node. Built to out/preload/index.cjs.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { makePreloadApi } from '../main/contract/ipc/preload-api'

const api = makePreloadApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  getPathForFile: (file) => webUtils.getPathForFile(file)
})

contextBridge.exposeInMainWorld('api', api)
