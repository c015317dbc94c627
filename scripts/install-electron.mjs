// Fetches Electron's binary after `npm install` without ever failing the install.
// package.json's allowScripts denies electron's own postinstall (it exits non-zero when its
// download host is unreachable, which would abort the whole install). Here we run the same
// downloader with a time limit: where the network allows it, `npm start` works; where it does
// not, the engine, CLI, browser mode and tests still work and we say how to fetch it later.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const LIMIT_MS = Number(process.env.TRAINSCAPE_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 120_000)

function electronInstallScript() {
  try {
    return join(dirname(require.resolve('electron/package.json')), 'install.js')
  } catch {
    return null // electron is a devDependency: absent in production installs
  }
}

const script = electronInstallScript()
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || script === null || !existsSync(script)) {
  process.exit(0)
}

const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'pipe'] })
let stderr = ''
child.stderr.on('data', (chunk) => (stderr += chunk))
const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS)
child.on('exit', (code, signal) => {
  clearTimeout(timer)
  if (code === 0) process.exit(0)
  const why = signal ? `no answer within ${LIMIT_MS / 1000}s` : firstLine(stderr)
  console.warn(
    `trainscape: Electron's binary could not be downloaded (${why}).\n` +
      '  Training, the CLI, browser mode (npm run serve) and tests work without it.\n' +
      '  To launch the desktop app later, run: node node_modules/electron/install.js'
  )
  process.exit(0)
})

function firstLine(text) {
  const line = text.split('\n').find((l) => l.trim().startsWith('Error') || l.includes('ENOTFOUND'))
  return (line ?? text.split('\n')[0] ?? 'unknown error').trim().slice(0, 200)
}
