/**
 * What a raw request names, read without trusting it: the path of its request target and
 * whether its Host header names this server. Any bytes a client sends give an answer here,
 * never an exception: the server answers 400 where these say null or false.
 */
import { isIP } from 'node:net'

/**
 * The decoded-as-URL path of a request target (`/t/abc/` from `/t/abc/?x=1` or from an absolute
 * `http://host/t/abc/`); null when the target is not a URL at all (`http://[`, a port past
 * 65535). Pure.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || target === '') return null
  try {
    return new URL(target, 'http://localhost').pathname
  } catch {
    return null
  }
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1']
const WILDCARD = ['0.0.0.0', '::', '']

/**
 * True when a Host header names the address the server is bound to, with the bound port:
 * `127.0.0.1:5217` for a server on 127.0.0.1:5217, and `localhost:5217` or `[::1]:5217` too
 * for a loopback server. A server bound to every address (0.0.0.0, ::) accepts any host name
 * with its port. A missing or malformed Host is refused. Pure.
 */
export function hostMatches(hostHeader: string | undefined, boundHost: string, port: number) {
  if (hostHeader === undefined) return false
  const parsed = splitHost(hostHeader)
  if (!parsed || parsed.port !== port) return false
  const bound = boundHost.toLowerCase()
  if (WILDCARD.includes(bound)) return true
  if (LOOPBACK_NAMES.includes(bound)) return LOOPBACK_NAMES.includes(parsed.host)
  return parsed.host === bound
}

/** `host[:port]` or `[v6][:port]` → its parts (lower case, brackets dropped, port 80 when
 *  none is given); null if malformed. */
function splitHost(header: string): { host: string; port: number } | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/\s]+))(?::(\d{1,5}))?$/.exec(header.trim())
  if (!match) return null
  const host = (match[1] ?? match[2] ?? '').toLowerCase()
  if (match[1] !== undefined && isIP(host) !== 6) return null
  return { host, port: match[3] === undefined ? 80 : Number(match[3]) }
}
