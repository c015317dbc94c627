// `npm start`: launches the desktop app (electron-vite preview: build, then Electron). Checks
// first that Electron's binary is there — where npm install could not download it, electron-vite
// only says "Electron uninstall" — and says what to do instead.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { electronBinary } from './electron-binary.mjs'

const require = createRequire(import.meta.url)

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
