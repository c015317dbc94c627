import { defineConfig } from 'vitest/config'

// End-to-end tests: the built UI in Debian's Chromium (playwright-core) against browser mode on
// the real engine. One file at a time: each starts a server, a trainer worker and a browser,
// and the machines this runs on have two cores. The global setup builds the UI first.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/build-ui.ts'],
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000
  }
})
