/**
 * Global setup of the unit run: one temporary folder for the whole `vitest run`, shared by every
 * test file (each runs in its own worker process) and removed when the run ends. It holds the
 * preset runs test/resources/preset-runs.ts trains once per suite run, and the decoded-image
 * cache of the bundled sample they all read. Test files find it with `suiteDir()`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The suite run's shared folder (absolute path). */
    suiteDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'trainscape-suite-'))
  project.provide('suiteDir', dir)
  return () => rm(dir, { recursive: true, force: true })
}
