import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { BrowserMode } from '../../../main/server/browser-mode'
import { createWsHost, type SocketLike } from '../../../renderer/src/lib/host/ws-host'
import { removeTempDirs, tempDir } from '../../helpers/temp-dirs'
import { startTestBrowserMode } from './test-browser-mode'

let dir: string
let mode: BrowserMode
const budgetBefore = process.env.TRAINSCAPE_MEMORY_BUDGET_MB

beforeAll(async () => {
  process.env.TRAINSCAPE_MEMORY_BUDGET_MB = '6000'
  dir = await tempDir('serve-budget')
  mode = await startTestBrowserMode(dir)
})
afterAll(async () => {
  if (budgetBefore === undefined) delete process.env.TRAINSCAPE_MEMORY_BUDGET_MB
  else process.env.TRAINSCAPE_MEMORY_BUDGET_MB = budgetBefore
  await mode.close()
  await removeTempDirs()
})

describe('browser mode and the memory budget', () => {
  it('refuses a WebSocket train:start for a million-unit layer with the estimate, and keeps serving', async () => {
    const url = new URL(mode.server.url)
    const host = createWsHost(
      { protocol: 'http:', host: url.host, pathname: url.pathname },
      (u) => new WebSocket(u) as unknown as SocketLike
    )
    const refused = await host.invoke('train:start', {
      config: {
        name: 'huge',
        model: { layers: [{ type: 'dense', units: 1e6 }] },
        training: { optimizer: { type: 'sgd', learningRate: 0.1 }, epochs: 1 }
      },
      data: { kind: 'synthetic' },
      backend: 'cpu'
    })
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error).toMatch(
      /^The model needs ≈ \d+\.\d GB \(795 M parameters.*the budget is 6\.0 GB/
    )
    expect(await readdir(join(dir, 'runs')).catch(() => [])).toEqual([])
    const status = await host.invoke('train:status')
    expect(status).toEqual({ ok: true, value: null })
    const info = await host.invoke('app:info')
    expect(info.ok && info.value.mode).toBe('browser')
  })
})
