/**
 * Picks the host the page runs in: the Electron preload's `window.api` inside the desktop window,
 * otherwise the browser-mode WebSocket client (token from the page's path). One host per page.
 */
import type { HostApi } from './host-api'
import { createWsHost } from './ws-host'

export type { HostApi } from './host-api'

let current: HostApi | null = null

/** The page's host, created on first use. */
export function pickHost(): HostApi {
  if (current) return current
  const desktop = window.api
  current = desktop ?? createWsHost(window.location)
  return current
}
