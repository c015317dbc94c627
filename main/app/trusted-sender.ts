/**
 * Is an IPC message from the app's own page? Only the main window's top-level frame showing the
 * app's own URL may call main: not an iframe, not a page the window was navigated to, not a
 * frame that has gone. Electron-free: index.ts passes in what it read from `event.senderFrame`.
 */

export interface SenderFacts {
  /** The sender frame is the main window's top-level frame (identity, checked by the caller). */
  isMainFrame: boolean
  /** The sender frame's URL; null when the frame is gone. */
  url: string | null
}

/** True when `url` is the app's page: same origin as `appUrl`, and for file:/app: the same path. */
export function isAppUrl(url: string, appUrl: string): boolean {
  let page: URL
  let app: URL
  try {
    page = new URL(url)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (page.protocol !== app.protocol) return false
  if (page.protocol === 'file:') return page.pathname === app.pathname
  return page.origin !== 'null'
    ? page.origin === app.origin
    : page.host === app.host && page.host !== ''
}

/** True when the message may be answered. */
export function isTrustedSender(sender: SenderFacts, appUrl: string): boolean {
  return sender.isMainFrame && sender.url !== null && isAppUrl(sender.url, appUrl)
}
