/** The test helper drives the Chromium $TRAINSCAPE_CHROMIUM names, as the README says. */
import { existsSync } from 'node:fs'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { chromiumPath, launchSoftwareChromium } from './software-chromium'
import { removeTempDirs, tempDir } from './temp-dirs'

afterAll(removeTempDirs)

/** The Chromium this machine has (the one $TRAINSCAPE_CHROMIUM names, if set). */
const REAL = chromiumPath()

describe('the test helper', () => {
  it('uses $TRAINSCAPE_CHROMIUM when set, else /usr/bin/chromium', () => {
    expect(chromiumPath({ TRAINSCAPE_CHROMIUM: '/opt/chrome/chrome' })).toBe('/opt/chrome/chrome')
    expect(chromiumPath({})).toBe('/usr/bin/chromium')
  })

  it.runIf(existsSync(REAL))('launches the Chromium it names', async () => {
    const dir = await tempDir('chromium-wrapper')
    const marker = join(dir, 'launched')
    const wrapper = join(dir, 'chromium')
    await writeFile(wrapper, `#!/bin/sh\ntouch '${marker}'\nexec '${REAL}' "$@"\n`)
    await chmod(wrapper, 0o755)
    const before = process.env.TRAINSCAPE_CHROMIUM
    process.env.TRAINSCAPE_CHROMIUM = wrapper
    try {
      const browser = await launchSoftwareChromium()
      await browser.close()
    } finally {
      if (before === undefined) delete process.env.TRAINSCAPE_CHROMIUM
      else process.env.TRAINSCAPE_CHROMIUM = before
    }
    expect(existsSync(marker)).toBe(true)
  })
})
