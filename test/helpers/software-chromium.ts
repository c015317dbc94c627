/**
 * Debian's Chromium (or $TRAINSCAPE_CHROMIUM), headless with software WebGL (SwiftShader), as the e2e tests, the served-page
 * test and the renderer benchmark drive it: one list of flags, so they all measure the same thing.
 */
import { chromium, type Browser } from 'playwright-core'

/** The Chromium to drive: $TRAINSCAPE_CHROMIUM when set (as for the CLI's PDF), else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRAINSCAPE_CHROMIUM || '/usr/bin/chromium'
}

export const CHROMIUM_PATH = chromiumPath()

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--use-angle=swiftshader'
]

/** Launches Chromium headless with software WebGL. The caller closes the browser. */
export function launchSoftwareChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
}
