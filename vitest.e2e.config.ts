import { defineConfig } from 'vitest/config'
import { slowFirst } from './test/helpers/slow-first-sequencer'
import { SLOWEST_E2E_FILES } from './test/helpers/slowest-files'

// End-to-end tests: the built UI in Debian's Chromium (playwright-core) against browser mode on
// the real engine. Two files at a time, one per core: each file starts its own server (on an
// ephemeral port), trainer worker, Chromium and temporary data and run folders, and writes
// screenshots under names of its own, so files share no state. The slowest start first. The
// global setup builds the UI first.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/build-ui.ts'],
    sequence: { sequencer: slowFirst(SLOWEST_E2E_FILES) },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 180_000
  }
})
