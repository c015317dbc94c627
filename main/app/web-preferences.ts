/**
 * The renderer's web preferences, Electron-free so a test can hold them to the secure
 * defaults: sandboxed, context-isolated, no Node in pages or workers, web security on,
 * no webviews. Only the preload path varies.
 */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false
  } as const
}
