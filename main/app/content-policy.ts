/**
 * The Content-Security-Policy of the UI, sent as a header by the desktop app's `app://` protocol
 * and by the browser-mode server (renderer/index.html carries the same policy in a meta tag,
 * minus `frame-ancestors`, which only works as a header). Scripts only from the app itself, no
 * eval, no plugins, no framing; images also from data:/blob: (thumbnails, charts); inline
 * styles for Svelte transitions; connections only back to the page's own origin (browser
 * mode's WebSocket counts as 'self').
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Headers every UI response carries besides the CSP. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin'
}
