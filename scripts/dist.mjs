// `npm run dist`: builds the app (electron-vite) and packages it for this platform with
// electron-builder (electron-builder.config.mjs), into dist/. electron-builder downloads
// Electron's release for the target; where that is impossible (no network, a blocked host) it
// fails with a long stack trace, so its output goes to dist/electron-builder.log and a failure is
// reported in a few lines that say what went wrong and what to do.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const log = join(root, 'dist', 'electron-builder.log')

/** Node.js version as [major, minor]. */
const [major, minor] = process.versions.node.split('.').map(Number)
const nodeTooOld = major < 22 || (major === 22 && minor < 12)

/** What a failed electron-builder run means, from its output. */
export function explainFailure(output) {
  const download =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up|status code 40\d|status code 50\d|cannot download|download failed|RequestError|no such host|dial tcp/i
  const line =
    output
      .split('\n')
      .map((l) => l.replace(/^[⨯•]\s*/, '').trim())
      .find((l) => download.test(l) && !l.startsWith('at ')) ?? null
  if (line !== null) {
    return (
      `npm run dist: could not download what electron-builder needs (Electron ${electronVersion()} ` +
      `for ${process.platform}-${process.arch}, or its packaging tools): ${line.slice(0, 200)}\n` +
      '  Packaging needs to reach github.com (or a mirror in ELECTRON_MIRROR). Run it where the ' +
      'network allows; training, the CLI, browser mode and the tests need none of this.'
    )
  }
  const last = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '))
    .at(-1)
  return `npm run dist: electron-builder failed: ${(last ?? 'no output').slice(0, 300)}`
}

function electronVersion() {
  try {
    return require('electron/package.json').version
  } catch {
    return '(not installed)'
  }
}

async function main() {
  if (process.env.TRAINSCAPE_DIST_SKIP_BUILD !== '1')
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js')
  const args = [cli, '--config', 'electron-builder.config.mjs', '--publish', 'never']
  console.log(`Packaging Trainscape for ${process.platform} with electron-builder…`)
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const code = await new Promise((done) => child.on('close', done))
  mkdirSync(dirname(log), { recursive: true })
  writeFileSync(log, output)
  if (code === 0) {
    console.log(`Done: the packages are in ${join(root, 'dist')} (log: ${log}).`)
    return 0
  }
  console.error(explainFailure(output))
  if (nodeTooOld)
    console.error(
      `  Note: Electron's tools need Node.js 22.12 or newer; this is ${process.versions.node}.`
    )
  console.error(`  electron-builder's full output: ${log}`)
  return 1
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main()
