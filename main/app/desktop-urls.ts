/**
 * Which URLs the desktop window trusts, decided without Electron so they can be tested: the page
 * it loads (and so the one origin whose IPC is answered), and the links it may hand to the
 * person's browser.
 */

/** The desktop app's own origin (app-protocol.ts serves the UI there). */
export const APP_ORIGIN = 'app://trainscape'

/**
 * The page the window loads: electron-vite's dev server (`ELECTRON_RENDERER_URL`, set by
 * `npm run dev`) only in a development build; a packaged app always loads its own files, since
 * this URL becomes the origin trusted to call IPC and an environment variable must not choose it.
 */
export function rendererUrl(isPackaged: boolean, devServerUrl: string | undefined): string {
  return !isPackaged && devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`
}

/**
 * Where links may lead in the person's browser: documentation of what the app uses. Any other
 * URL a page asks to open is ignored.
 */
export const EXTERNAL_LINK_PREFIXES = [
  'https://www.tensorflow.org/js/',
  'https://js.tensorflow.org/api/',
  'https://www.electronjs.org/docs/'
] as const

/** True when `url` is an https link under one of EXTERNAL_LINK_PREFIXES (no user:password@). */
export function isAllowedExternalLink(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false
  const normalized = `${parsed.origin}${parsed.pathname}`
  return EXTERNAL_LINK_PREFIXES.some((prefix) => normalized.startsWith(prefix))
}
