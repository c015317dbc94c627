/**
 * The suite run's shared folder (made by test/helpers/suite-setup.ts, the unit config's global
 * setup): where files that need the same expensive fixture find it already made.
 */
import { inject } from 'vitest'
import './suite-setup'

/** The shared folder's absolute path. Throws when the run has no such global setup. */
export function suiteDir(): string {
  const dir = inject('suiteDir') as string | undefined
  if (!dir)
    throw new Error(
      'No shared suite folder: run the unit tests with vitest.config.ts, whose globalSetup ' +
        '(test/helpers/suite-setup.ts) makes it.'
    )
  return dir
}
