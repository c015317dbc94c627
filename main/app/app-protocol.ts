/**
 * The desktop app serves its UI from `app://trainscape/` instead of file://: a real origin for
 * the CSP's 'self', the security headers on every response, and no way to reach files outside
 * out/renderer (static-files.ts). Must be registered as privileged before the app is ready.
 */
import { protocol } from 'electron'
import { SECURITY_HEADERS } from './content-policy'
import { readStatic } from './static-files'

import { APP_ORIGIN } from './desktop-urls'

export { APP_ORIGIN }
export const APP_SCHEME = new URL(APP_ORIGIN).protocol.slice(0, -1)

/** Call before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/** Serves `rendererDir` on the app scheme. Call once the app is ready. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === 'trainscape' ? await readStatic(rendererDir, url.pathname) : null
    if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS })
    return new Response(new Uint8Array(file.body), {
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.type }
    })
  })
}
