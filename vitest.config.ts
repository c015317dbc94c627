import { defineConfig } from 'vitest/config'

// Tests mirror the source tree under test/. Training tests run real tfjs on one core each;
// two forks match the two-core machines this runs on.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
