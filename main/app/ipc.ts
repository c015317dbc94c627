/**
 * Wires the contract's handlers to ipcMain. Every message is first checked to come from the
 * main window's own top-level frame showing the app's URL; then dispatch() parses it with the
 * channel's schema. Nothing else is registered, so unknown channels have no handler at all.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { fail } from '../contract/result'
import { INVOKE_CHANNELS } from '../contract/ipc/contract'
import { dispatch, type HandlerMap } from './dispatch'
import { isTrustedSender } from './trusted-sender'

export const REFUSED = 'Refused: the request did not come from the Trainscape window.'

/** Registers one ipcMain handler per contract channel. */
export function wireIpc(
  handlers: HandlerMap,
  window: () => BrowserWindow | null,
  appUrl: string
): void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      if (!fromMainFrame(event, window())) return fail(REFUSED)
      return dispatch(handlers, channel, request)
    })
  }

  function fromMainFrame(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
    const frame = event.senderFrame
    const main = win && !win.isDestroyed() ? win.webContents.mainFrame : null
    const isMainFrame =
      main !== null &&
      frame !== null &&
      event.sender === win?.webContents &&
      frame.parent === null &&
      frame.processId === main.processId &&
      frame.routingId === main.routingId
    return isTrustedSender({ isMainFrame, url: frame?.url ?? null }, appUrl)
  }
}
