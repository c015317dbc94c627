/**
 * Test helper: fresh folders under the system temp folder, all removed by one call at the end
 * of the test file (or of each test). Each test file gets its own list (vitest isolates modules).
 */
import { mkdtempSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const created: string[] = []

/** A fresh empty folder `<tmp>/trainscape-<prefix>-XXXXXX`, removed by `removeTempDirs`. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `trainscape-${prefix}-`))
  created.push(dir)
  return dir
}

/** `tempDir` for synchronous fixture code (module top level, image writers). */
export function tempDirSync(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `trainscape-${prefix}-`))
  created.push(dir)
  return dir
}

/** Removes every folder `tempDir`/`tempDirSync` made so far in this test file (call from afterAll/afterEach). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })))
}
