// `npm start`: launches the desktop app (electron-vite preview: build, then Electron). Checks
// first that Electron's binary is there — where npm install could not download it, electron-vite
// only says "Electron uninstall" — and says what to do instead.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** The path of Electron's executable, or null (electron's index throws when it is missing). */
function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

if (electronBinary() === null) {
  console.error(
    "Trainscape: Electron's binary is not installed (npm install could not download it).\n" +
      '  Where the network allows, run:  node node_modules/electron/install.js  and then npm start.\n' +
      '  Without it, use browser mode:   npm run build && npm run serve  (prints a URL to open).'
  )
  process.exit(1)
}

const viteBin = join(
  dirname(require.resolve('electron-vite/package.json')),
  'bin',
  'electron-vite.js'
)
const child = spawn(process.execPath, [viteBin, 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit'
})
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
