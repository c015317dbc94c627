// `window.api` is exactly what the preload builds: its type is derived, never written twice.
import type { PreloadApi } from '../../../../main/contract/ipc/preload-api'

declare global {
  interface Window {
    /** Present only inside the Electron window. */
    api?: PreloadApi
  }
}

export {}
