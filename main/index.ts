/**
 * Electron main: locks the app down, serves the UI on app://, builds the shared AppContext
 * (handlers are the same ones browser mode uses) with the trainer in a utilityProcess, and wires
 * IPC. Folder paths given on the command line (`trainscape ~/photos`) count as the person's
 * choice and are opened like a dialog choice.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, utilityProcess } from 'electron'
import type { ClaimsCommand } from './app/claims-check/claims-messages'
import { utilityProcessTransport } from './engine/host/utility-process-transport'
import { sampleDatasetRoot } from './data/folder/sample'
import { messageOf } from './contract/result'
import type { AppContext } from './app/app-context'
import { registerAppScheme, serveRenderer } from './app/app-protocol'
import { createAppContext } from './app/create-context'
import { electronPdf } from './app/electron-pdf'
import { rendererUrl } from './app/desktop-urls'
import { createHandlers } from './app/handlers'
import { wireIpc } from './app/ipc'
import { withRecent } from './app/recent-folders'
import { createMainWindow, lockDownContents, lockDownSession } from './app/window'

const here = fileURLToPath(new URL('.', import.meta.url))
/** electron-vite's dev server (`npm run dev`) in a development build, else the UI on app://. */
const appUrl = rendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL)

registerAppScheme()
lockDownContents()
if (!app.requestSingleInstanceLock()) app.quit()

let mainWindow: BrowserWindow | null = null
let context: AppContext | null = null
/** Longest wait for a stopping run to write its end before the app quits anyway, in ms. */
const STOP_GRACE_MS = 10_000

async function start(): Promise<void> {
  lockDownSession()
  serveRenderer(join(here, '../renderer'))
  const win = createMainWindow(join(here, '../preload/index.cjs'))
  mainWindow = win
  win.on('closed', () => (mainWindow = null))
  const userData = app.getPath('userData')
  const ctx = await createAppContext({
    mode: 'desktop',
    version: app.getVersion(),
    userData,
    runsDir: process.env.TRAINSCAPE_RUNS_DIR ?? join(userData, 'runs'),
    sampleRoot: sampleDatasetRoot(),
    chooseFolder: async () => {
      const picked = await dialog.showOpenDialog(win, { properties: ['openDirectory'] })
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    transport: () => utilityProcessTransport(utilityProcess, join(here, 'trainer-worker.js')),
    warmTrainer: true,
    claimsTransport: () =>
      utilityProcessTransport<ClaimsCommand>(utilityProcess, join(here, 'claims-worker.js'), {
        serviceName: 'Trainscape claims check'
      }),
    broadcast: (batch) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send('train:event', batch)
    }
  })
  context = ctx
  await openCommandLineFolders(ctx)
  wireIpc(createHandlers(ctx, { pdf: electronPdf }), () => mainWindow, appUrl)
  await win.loadURL(appUrl)
}

/** Grants and remembers folders named on the command line (skipping anything that is not one). */
async function openCommandLineFolders(
  ctx: Awaited<ReturnType<typeof createAppContext>>
): Promise<void> {
  const args = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'))
  for (const arg of args) {
    try {
      const real = await ctx.folders.grant(arg)
      await ctx.recent.update((list) => withRecent(list, real, new Date()))
    } catch (thrown) {
      console.warn(`Ignored command-line argument ${arg}: ${messageOf(thrown)}`)
    }
  }
}

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore()
  mainWindow?.focus()
})
app.on('window-all-closed', () => app.quit())
// Quitting mid-run stops it gracefully first, so its folder ends `stopped`, not `interrupted`.
app.on('before-quit', (event) => {
  const current = context?.training.status()
  if (!context || !current || current.state === 'ended') return context?.training.close()
  event.preventDefault()
  if (current.state !== 'stopping') context.training.command(current.runId, 'stop')
  const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS))
  void Promise.race([context.training.idle(), grace]).then(() => {
    context?.training.close()
    context = null
    app.quit()
  })
})
app
  .whenReady()
  .then(start)
  .catch((thrown: unknown) => {
    dialog.showErrorBox('Trainscape could not start', messageOf(thrown))
    app.exit(1)
  })
