/**
 * The browser-mode access token: random, printed once in the URL, and carried in the path of
 * every HTTP and WebSocket request (`/t/<token>/…`). The page's assets, its WebSocket and its
 * downloads are relative to that path, so the page needs nothing else. No cookie is set: cookies
 * are not scoped by port, so one would reach every other server on 127.0.0.1, while a path is
 * only ever sent to this server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** The first path segment of every token-carrying URL. */
export const TOKEN_SEGMENT = 't'

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

/** The path every URL of the UI starts with: `/t/<token>/`. */
export function tokenBase(token: string): string {
  return `/${TOKEN_SEGMENT}/${token}/`
}

/**
 * Splits a request path `/t/<token>/<rest>` into the presented token and the path below it
 * (`/<rest>`, `/` for the base itself; `rest` null when the trailing slash is missing, so the
 * page's relative URLs would not resolve below the token). Null when the path has no token. Pure.
 */
export function splitTokenPath(path: string): { token: string; rest: string | null } | null {
  const match = /^\/t\/([^/]+)(\/.*)?$/.exec(path)
  if (!match?.[1]) return null
  return { token: match[1], rest: match[2] ?? null }
}
