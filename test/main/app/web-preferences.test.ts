import { describe, expect, it } from 'vitest'
import { secureWebPreferences } from '../../../main/app/web-preferences'

describe('secureWebPreferences', () => {
  it('sandboxes and isolates the renderer and gives no page Node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })
})
