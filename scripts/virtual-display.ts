/**
 * A virtual X display for launching Electron on a Linux machine without a screen: Xvfb on a
 * free display number, stopped by the caller. Elsewhere (macOS, Windows, or a DISPLAY already
 * set) nothing is started.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'

export interface Display {
  /** The DISPLAY value to hand to Electron (the caller's own when no Xvfb was started). */
  display: string | undefined
  stop(): void
}

/** Starts Xvfb when on Linux without a DISPLAY; throws a sentence saying why it could not. */
export async function virtualDisplay(): Promise<Display> {
  if (process.platform !== 'linux' || process.env.DISPLAY) {
    return { display: process.env.DISPLAY, stop: () => undefined }
  }
  const number = 90 + Math.floor(Math.random() * 400)
  const xvfb: ChildProcess = spawn(
    'Xvfb',
    [`:${number}`, '-screen', '0', '1400x900x24', '-nolisten', 'tcp'],
    { stdio: 'ignore' }
  )
  const failed = new Promise<never>((_, reject) => {
    xvfb.once('error', (e) =>
      reject(new Error(`Xvfb could not start (${e.message}); install it (apt-get install xvfb).`))
    )
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited at once (code ${code}).`)))
  })
  const ready = (async () => {
    for (let waited = 0; waited < 10_000; waited += 100) {
      if (existsSync(`/tmp/.X11-unix/X${number}`)) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('Xvfb did not open its display within 10 s.')
  })()
  try {
    await Promise.race([ready, failed])
  } catch (thrown) {
    xvfb.kill()
    throw thrown
  }
  failed.catch(() => undefined)
  return { display: `:${number}`, stop: () => void xvfb.kill() }
}
