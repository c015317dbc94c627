/**
 * Global setup of the end-to-end run: builds the UI (and main) with electron-vite, so the tests
 * always drive what the sources say, never a stale out/ folder.
 */
import { execFileSync } from 'node:child_process'

export default function setup(): void {
  if (process.env.TRAINSCAPE_E2E_SKIP_BUILD === '1') return
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
}
