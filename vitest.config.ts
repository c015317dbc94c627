import { defineConfig } from 'vitest/config'
import { slowFirst } from './test/helpers/slow-first-sequencer'
import { SLOWEST_UNIT_FILES } from './test/helpers/slowest-files'

// Tests mirror the source tree under test/. Training tests run real tfjs on one core each;
// two forks match the two-core machines this runs on. The global setup makes the folder where
// test files share what is expensive to make (test/helpers/suite-setup.ts). The slowest files
// start first, so that no long file starts last while the other core idles.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['test/helpers/suite-setup.ts'],
    sequence: { sequencer: slowFirst(SLOWEST_UNIT_FILES) },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
