/**
 * The browser-mode access token: random, printed once in the URL, required on every HTTP and
 * WebSocket request (as `?token=` or the cookie set when the page is first opened with it), so
 * another local user or a web page in the same browser cannot drive the server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'trainscape_token'

/** A fresh token: 32 random bytes, base64url (43 characters). */
export function makeToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The token a request presents: the `token` query parameter when not empty, else the cookie. */
export function presentedToken(request: IncomingMessage): string | null {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) return fromQuery
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === TOKEN_COOKIE) return value.join('=')
  }
  return null
}

/** The Set-Cookie value that lets the page's own asset requests in without the query. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`
}
