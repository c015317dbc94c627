/**
 * The `npm run serve` command line, parsed into plain values. Pure: no I/O, nothing thrown;
 * errors are values naming the flag and what it takes.
 */
import { parseArgs } from 'node:util'
import { fail, messageOf, ok, type Result } from '../contract/result'

export interface ServeArgs {
  port: number
  host: string
  /** Folders the browser may open (besides the bundled sample). Repeatable. */
  dataRoots: string[]
  runsDir: string
  /** Where settings, recent folders and the image cache are kept. */
  userData: string | null
  rendererDir: string
}

export const SERVE_DEFAULTS: ServeArgs = {
  port: 5217,
  host: '127.0.0.1',
  dataRoots: [],
  runsDir: 'runs',
  userData: null,
  rendererDir: 'out/renderer'
}

export const SERVE_USAGE = `Usage: npm run serve -- [options]

Serves the Trainscape UI to a web browser (browser mode) on this machine. Prints a URL with a
random access token; requests without it are refused.

  --port N            port to listen on, 0 for any free one (default: ${SERVE_DEFAULTS.port})
  --host ADDRESS      address to bind (default: ${SERVE_DEFAULTS.host}, this machine only)
  --data-root DIR     a folder the UI may open images from (repeatable; the bundled sample
                      is always allowed)
  --runs-dir DIR      where run folders are written and listed (default: ${SERVE_DEFAULTS.runsDir})
  --user-data DIR     settings and image cache (default: ~/.trainscape)
  --renderer DIR      the built UI (default: ${SERVE_DEFAULTS.rendererDir}; run npm run build first)
  --help              show this text`

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-root': { type: 'string', multiple: true },
  'runs-dir': { type: 'string' },
  'user-data': { type: 'string' },
  renderer: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** Parses `argv` (without node and the script). `null` means --help. Does not mutate `argv`. */
export function parseServeArgs(argv: readonly string[]): Result<ServeArgs | null> {
  let values
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values
  } catch (thrown) {
    return fail(`${messageOf(thrown)}. See --help.`)
  }
  if (values.help) return ok(null)
  const empty = Object.entries(values).find(
    ([, v]) => v === '' || (Array.isArray(v) && v.includes(''))
  )
  if (empty) return fail(`--${empty[0]} needs a value; see --help.`)
  const port = values.port === undefined ? SERVE_DEFAULTS.port : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`--port must be a whole number from 0 to 65535; got "${values.port}".`)
  return ok({
    port,
    host: values.host ?? SERVE_DEFAULTS.host,
    dataRoots: values['data-root'] ?? [],
    runsDir: values['runs-dir'] ?? SERVE_DEFAULTS.runsDir,
    userData: values['user-data'] ?? SERVE_DEFAULTS.userData,
    rendererDir: values.renderer ?? SERVE_DEFAULTS.rendererDir
  })
}
