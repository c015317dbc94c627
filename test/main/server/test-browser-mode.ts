/**
 * Browser mode as the server tests start it: the real server and handlers on an ephemeral local
 * port, no data roots, runs and settings inside a test folder. Not a test file.
 */
import { join } from 'node:path'
import { startBrowserMode, type BrowserMode } from '../../../main/server/browser-mode'
import { ensureRendererBuild } from './renderer-build'

/**
 * Starts browser mode over `ensureRendererBuild(dir)` with runs in `dir/runs<suffix>` and settings
 * in `dir/user-data<suffix>` (a suffix keeps a second server apart). The caller closes it.
 */
export async function startTestBrowserMode(dir: string, suffix = ''): Promise<BrowserMode> {
  return startBrowserMode({
    rendererDir: await ensureRendererBuild(dir),
    host: '127.0.0.1',
    port: 0,
    dataRoots: [],
    runsDir: join(dir, `runs${suffix}`),
    userData: join(dir, `user-data${suffix}`),
    version: '0.0.0-test'
  })
}
