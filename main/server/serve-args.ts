/**
 * The `npm run serve` command line, parsed into plain values. Pure: no I/O, nothing thrown;
 * errors are values naming the flag and what it takes.
 */
import { fail, ok, type Result } from '../result'

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

const FLAGS = ['port', 'host', 'data-root', 'runs-dir', 'user-data', 'renderer'] as const
type Flag = (typeof FLAGS)[number]

/** Parses `argv` (without node and the script). `null` means --help. Does not mutate `argv`. */
export function parseServeArgs(argv: readonly string[]): Result<ServeArgs | null> {
  const args: ServeArgs = { ...SERVE_DEFAULTS, dataRoots: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') return ok(null)
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : ''
    const flag = FLAGS.find((f) => f === name)
    if (!flag)
      return fail(
        `Unknown argument "${arg}". Known: ${FLAGS.map((f) => `--${f}`).join(', ')}, --help.`
      )
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1)
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      return fail(`--${flag} needs a value; see --help.`)
    }
    const problem = apply(args, flag, value)
    if (problem) return fail(problem)
  }
  return ok(args)
}

/** Sets one flag on `args` (mutates it); returns a message when the value is bad. */
function apply(args: ServeArgs, flag: Flag, value: string): string | null {
  switch (flag) {
    case 'port': {
      const port = Number(value)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        return `--port must be a whole number from 0 to 65535; got "${value}".`
      }
      args.port = port
      return null
    }
    case 'host':
      args.host = value
      return null
    case 'data-root':
      args.dataRoots.push(value)
      return null
    case 'runs-dir':
      args.runsDir = value
      return null
    case 'user-data':
      args.userData = value
      return null
    case 'renderer':
      args.rendererDir = value
      return null
    default: {
      const never: never = flag
      throw new Error(`Unhandled flag ${String(never)}`)
    }
  }
}
