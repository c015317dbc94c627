/**
 * `npm run smoke:desktop` where Electron's binary is missing (as on our machines): it says so
 * and exits 0 without building or launching anything.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('smoke:desktop', () => {
  it('says "skipped: no Electron binary" and exits 0 where the binary is missing', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/smoke-desktop.ts'], {
      encoding: 'utf8',
      // electron's index resolves its executable below this folder, which has none.
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent-electron-dist' }
    })
    expect(run.stdout).toMatch(/^skipped: no Electron binary/)
    expect(run.stdout).toMatch(/node node_modules\/electron\/install\.js/)
    expect(run.status).toBe(0)
  })
})
