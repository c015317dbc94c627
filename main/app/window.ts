/**
 * The main window and the app-wide lockdown: sandboxed, context-isolated renderer without Node;
 * navigation, new windows, webviews and every permission request denied (links open in the
 * browser only when allow-listed, desktop-urls.ts); the CSP also sent as a
 * response header for anything loaded over http(s) (the dev server).
 */
import { app, BrowserWindow, session, shell } from 'electron'
import { CONTENT_SECURITY_POLICY } from './content-policy'
import { isAllowedExternalLink } from './desktop-urls'
import { secureWebPreferences } from './web-preferences'

/** Denies navigation, new windows and webviews in every web contents the app ever creates. */
export function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // Links to documentation open in the person's browser, never inside the app; nothing else.
      if (isAllowedExternalLink(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
}

/** Denies every permission (camera, notifications, …) and adds the CSP header. Call when ready. */
export function lockDownSession(): void {
  const s = session.defaultSession
  s.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  s.setPermissionCheckHandler(() => false)
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  })
}

/** Creates the (hidden until ready) main window with secure defaults and `preload`. */
export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Trainscape',
    backgroundColor: '#101418',
    webPreferences: secureWebPreferences(preload)
  })
  win.once('ready-to-show', () => win.show())
  return win
}
