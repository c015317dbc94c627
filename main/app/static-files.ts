/**
 * Serving the built UI (out/renderer) safely, for the desktop app's `app://` protocol and the
 * browser-mode HTTP server: a URL path maps to a file only when it stays inside the root after
 * decoding and normalizing (no `..`, no NUL, no symlink out of the root).
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { containedPath, isInside } from '../runs/store/contained-path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8'
}

/**
 * The file a URL path names under `root`, or null when it would leave the root or is malformed.
 * `/` is index.html. Pure (no I/O).
 */
export function staticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '')
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.some((s) => s === '..')) return null
  const relativePath = segments.length === 0 ? 'index.html' : segments.join(sep)
  const full = normalize(join(root, relativePath))
  return isInside(root, full) ? full : null
}

/**
 * The file's bytes and content type, or null when absent, outside the root, or not a file.
 * With `within` (the runs folder, for a run's exports), the path from `within` down to the file
 * must also hold no symbolic link and stay inside its real path, so a run's `export` entry
 * linked elsewhere (say to /etc) serves nothing.
 */
export async function readStatic(
  root: string,
  urlPath: string,
  within?: string
): Promise<{ body: Buffer; type: string } | null> {
  const path = staticPath(root, urlPath)
  if (!path) return null
  try {
    if (within !== undefined) await containedPath(within, path)
    const [realRoot, real] = await Promise.all([realpath(root), realpath(path)])
    if (!isInside(realRoot, real) || !(await stat(real)).isFile()) return null
    return { body: await readFile(real), type: TYPES[extname(real)] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}
