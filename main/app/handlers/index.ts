/** Every handler of the contract, for one app context (desktop window or browser-mode server). */
import type { PdfRenderer } from '../../runs/export/pdf'
import type { AppContext } from '../app-context'
import type { HandlerMap } from '../dispatch'
import { appHandlers } from './app-handlers'
import { claimsHandlers } from './claims-handlers'
import { dataHandlers } from './data-handlers'
import { forkHandlers } from './fork-handlers'
import { runHandlers } from './run-handlers'
import { sourceHandlers } from './source-handlers'
import { trainHandlers } from './train-handlers'

export function createHandlers(ctx: AppContext, options: { pdf?: PdfRenderer } = {}): HandlerMap {
  return {
    ...appHandlers(ctx),
    ...dataHandlers(ctx),
    ...trainHandlers(ctx),
    ...runHandlers(ctx, options.pdf),
    ...forkHandlers(ctx),
    ...sourceHandlers(ctx),
    ...claimsHandlers(ctx)
  }
}
