/**
 * `npm run smoke:desktop`: the desktop app end to end where Electron's binary exists. Builds the
 * app (unless TRAINSCAPE_E2E_SKIP_BUILD=1), launches it with Playwright's Electron support (under
 * Xvfb on a Linux machine without a display), with settings and runs in a temporary folder, and
 * takes it through smoke-desktop-steps.ts. Screenshots go to test-results/smoke-desktop-*.png.
 * Where the binary is missing (npm could not download it) it says "skipped: no Electron binary"
 * and exits 0. Exit codes: 0 passed or skipped, 1 a step failed (the line says which and why).
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ElectronApplication } from 'playwright-core'
import { messageOf } from '../main/contract/result'
import { electronBinary } from './electron-binary.mjs'
import { virtualDisplay } from './virtual-display'

const ROOT = resolve(import.meta.dirname, '..')

async function main(): Promise<number> {
  const binary = electronBinary()
  if (binary === null) {
    console.log(
      'skipped: no Electron binary (where the network allows, run ' +
        '`node node_modules/electron/install.js`, then npm run smoke:desktop again)'
    )
    return 0
  }
  // Loaded only now: the skip above should not wait for the app's code to load.
  const { _electron } = await import('playwright-core')
  const { exportsPdf, reluDyingKillsUnits, sampleLoads, subFrameIsRefused } =
    await import('./smoke-desktop-steps')
  if (process.env.TRAINSCAPE_E2E_SKIP_BUILD !== '1')
    execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const home = await mkdtemp(join(tmpdir(), 'trainscape-smoke-'))
  const display = await virtualDisplay()
  let app: ElectronApplication | null = null
  try {
    const runsDir = join(home, 'runs')
    app = await _electron.launch({
      executablePath: binary,
      // Chromium refuses to run as root with its sandbox on (containers, CI).
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ROOT],
      cwd: ROOT,
      env: {
        ...process.env,
        ...(display.display ? { DISPLAY: display.display } : {}),
        XDG_CONFIG_HOME: join(home, 'config'),
        TRAINSCAPE_RUNS_DIR: runsDir
      },
      timeout: 60_000
    })
    const page = await app.firstWindow()
    await page.getByTestId('status-bar').waitFor({ timeout: 60_000 })
    const steps: [string, () => Promise<string>][] = [
      ['load the sample', () => sampleLoads(page)],
      ['relu-dying shows dead units', () => reluDyingKillsUnits(page)],
      ['export a PDF', () => exportsPdf(page, runsDir)],
      ['a sub-frame cannot call main', () => subFrameIsRefused(page)]
    ]
    for (const [name, step] of steps) {
      try {
        console.log(`ok: ${name}: ${await step()}`)
      } catch (thrown) {
        console.error(`FAILED: ${name}: ${messageOf(thrown)}`)
        return 1
      }
    }
    console.log('smoke:desktop passed (screenshots in test-results/smoke-desktop-*.png)')
    return 0
  } finally {
    await app?.close().catch(() => undefined)
    display.stop()
    await rm(home, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (thrown: unknown) => {
    console.error(`smoke:desktop could not run: ${messageOf(thrown)}`)
    process.exit(1)
  }
)
