/**
 * `npm run serve -- [--port N] [--host 127.0.0.1] [--data-root DIR]...`: browser mode. Serves the
 * built UI and the app's API to a web browser on this machine and prints the URL (with its
 * access token). Ctrl+C stops a running training gracefully, then exits.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { messageOf } from '../contract/result'
import { startBrowserMode } from '../server/browser-mode'
import { SERVE_USAGE, parseServeArgs } from '../server/serve-args'

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseServeArgs(argv)
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`)
    return 2
  }
  if (parsed.value === null) {
    process.stdout.write(`${SERVE_USAGE}\n`)
    return 0
  }
  const args = parsed.value
  const pkg = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8')
  ) as {
    version: string
  }
  const mode = await startBrowserMode({
    ...args,
    userData: args.userData ?? join(homedir(), '.trainscape'),
    version: pkg.version
  })
  if (!['127.0.0.1', 'localhost', '::1'].includes(args.host)) {
    process.stderr.write(
      `Warning: listening on ${args.host}, not just this machine: anyone who can reach it and has the URL can train and read the data roots.\n`
    )
  }
  process.stdout.write(
    `Trainscape (browser mode) is running; runs go to ${mode.ctx.runsDir}.\n` +
      `Open this URL in a browser (it carries the access token):\n\n  ${mode.server.url}\n\n` +
      `Allowed data folders: ${(await mode.ctx.folders.roots()).join(', ')}\nPress Ctrl+C to stop.\n`
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  process.stdout.write('\nStopping…\n')
  await mode.close()
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (thrown: unknown) => {
    process.stderr.write(`${messageOf(thrown)}\n`)
    process.exit(1)
  }
)
