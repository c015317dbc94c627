// Where Electron's executable is, for the scripts that launch or package the desktop app.
// npm install may not have been able to download it (scripts/install-electron.mjs), and
// electron's own index then names a path that does not exist, or throws.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The path of Electron's executable, or null when its binary is not installed. */
export function electronBinary() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}
